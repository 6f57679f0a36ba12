"""Every write of the quiz: questions from GIFT, the live run's states, answers, options.

``from quizzes import services`` gives every service of the package's modules:
:mod:`.questions` (questions and options), :mod:`.runs` (the live run's states, self-paced
runs) and :mod:`.answers`; the errors and messages they share are in :mod:`.common`.
"""

from .answers import answer_live_submit, answer_submit
from .common import (
    GRACE,
    QUESTION_CLOSED,
    QUIZ_CLOSED,
    QUIZ_KIND,
    TEXT_MAX,
    AnswerRefused,
    GiftImportError,
    QuizError,
    TransitionError,
)
from .questions import (
    quiz_create_from_gift,
    quiz_ensure,
    quiz_import_gift,
    quiz_options_set,
    quiz_questions_replace,
)
from .runs import (
    question_close,
    question_close_if_due,
    question_next,
    question_open,
    quiz_run_live_start,
    quiz_run_self_paced_close,
    quiz_run_self_paced_create,
    results_reveal,
)

__all__ = [
    "GRACE",
    "QUESTION_CLOSED",
    "QUIZ_CLOSED",
    "QUIZ_KIND",
    "TEXT_MAX",
    "AnswerRefused",
    "GiftImportError",
    "QuizError",
    "TransitionError",
    "answer_live_submit",
    "answer_submit",
    "question_close",
    "question_close_if_due",
    "question_next",
    "question_open",
    "quiz_create_from_gift",
    "quiz_ensure",
    "quiz_import_gift",
    "quiz_options_set",
    "quiz_questions_replace",
    "quiz_run_live_start",
    "quiz_run_self_paced_close",
    "quiz_run_self_paced_create",
    "results_reveal",
]
