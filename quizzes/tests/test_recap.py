"""The quiz's recap on a phone's end-of-class page: the participant's score in the live run."""

from __future__ import annotations

from classroom.kinds import Recap
from quizzes import services
from quizzes.activity import quiz_recap

from .conftest import choice_id


def _answer_first(run, participant, questions, letter: str) -> None:
    run = services.question_open(run=run)
    services.answer_submit(
        run=run,
        question_id=run.current_question_id,
        participant=participant,
        choice_ids=[choice_id(questions["Q1"], letter)],
    )


def test_a_guests_score_without_a_page_after_class(run, session, guest, questions):
    _answer_first(run, guest, questions, "A")
    recap = quiz_recap(session=session, activity=run.quiz.activity, participant=guest)
    assert recap == Recap(text="1 of 5 right, 4 not answered", figure="1/5 points", url="")


def test_a_rostered_student_is_linked_to_their_results(run, session, rostered, questions):
    _answer_first(run, rostered, questions, "B")
    recap = quiz_recap(session=session, activity=run.quiz.activity, participant=rostered)
    assert recap.text == "0 of 5 right, 4 not answered"
    assert recap.url == f"/quiz/runs/{run.pk}/me/"


def test_nothing_answered_is_no_recap(run, session, guest, other_guest, questions):
    _answer_first(run, guest, questions, "A")
    assert quiz_recap(session=session, activity=run.quiz.activity, participant=other_guest) is None


def test_a_quiz_never_opened_in_the_session_is_no_recap(quiz, session, guest):
    assert quiz_recap(session=session, activity=quiz.activity, participant=guest) is None
