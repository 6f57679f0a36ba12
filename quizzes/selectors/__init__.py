"""Every non-trivial read of the quiz: questions as specs, the live run, results, access.

``from quizzes import selectors`` gives every function of the package's modules:
:mod:`.questions` (questions as plain specs), :mod:`.live` (the live run, the live question as
answers meet it, live figures), :mod:`.results` (scores, statistics, the export) and
:mod:`.access` (who may see what).
"""

from .access import (
    StudentRun,
    participant_of_student,
    quiz_for_instructor,
    run_for_instructor,
    run_for_student,
    runs_for_student,
    runs_of_quiz,
)
from .live import (
    LIVE_QUESTION_SECONDS,
    ChoiceCount,
    LiveQuestion,
    Progress,
    TypedCount,
    answer_of,
    answer_progress,
    choice_counts,
    live_question_cache_key,
    live_question_of,
    live_question_read,
    live_questions_forget,
    run_live_for,
    typed_answer_counts,
    typed_answer_key,
)
from .questions import (
    choices_by_question,
    question_count,
    question_spec_for_marking,
    question_specs,
    questions_with_answers,
    quiz_gift_export,
)
from .results import (
    CSV_HEADER,
    LeaderRow,
    MyResult,
    QuestionStat,
    Score,
    answers_csv_rows,
    leaderboard,
    question_stats,
    results_of,
    run_scores,
    totals_distribution,
)

__all__ = [
    "CSV_HEADER",
    "LIVE_QUESTION_SECONDS",
    "ChoiceCount",
    "LeaderRow",
    "LiveQuestion",
    "MyResult",
    "Progress",
    "QuestionStat",
    "Score",
    "StudentRun",
    "TypedCount",
    "answer_of",
    "answer_progress",
    "answers_csv_rows",
    "choice_counts",
    "choices_by_question",
    "leaderboard",
    "live_question_cache_key",
    "live_question_of",
    "live_question_read",
    "live_questions_forget",
    "participant_of_student",
    "question_count",
    "question_spec_for_marking",
    "question_specs",
    "question_stats",
    "questions_with_answers",
    "quiz_for_instructor",
    "quiz_gift_export",
    "results_of",
    "run_for_instructor",
    "run_for_student",
    "run_live_for",
    "run_scores",
    "runs_for_student",
    "runs_of_quiz",
    "totals_distribution",
    "typed_answer_counts",
    "typed_answer_key",
]
