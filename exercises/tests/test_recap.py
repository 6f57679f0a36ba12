"""The exercise's recap on a phone's end-of-class page: the marks of the latest submission."""

from __future__ import annotations

from classroom import services as core
from classroom.models import Student
from exercises import services
from exercises.activity import exercise_recap
from exercises.checker import fields_asked

from .test_services import HOUSE, key_answers

FIELDS = len(fields_asked(HOUSE))


def _marked(run, participant, **overrides):
    values = key_answers(HOUSE, **overrides)
    submission = services.submission_create(run=run, participant=participant, values=values)
    return services.submission_mark(submission_id=submission.pk)


def test_a_marked_submission_gives_its_score_and_how_many_values_were_right(
    open_run, session, guest
):
    path = fields_asked(HOUSE)[-1].path
    marked = _marked(open_run, guest, **{path: "12345"})
    recap = exercise_recap(session=session, activity=open_run.exercise.activity, participant=guest)
    assert recap.text == f"{FIELDS - 1} of {FIELDS} values right, attempt 1"
    assert recap.figure == f"{round(100 * marked.score)}%"
    assert recap.url == ""  # a guest has no page after class


def test_a_rostered_student_is_linked_to_their_marks(open_run, session, course):
    student = Student.objects.create(course=course, name="Ann Lee", student_number="2401")
    ann = core.participant_join_student(session=session, student=student)
    _marked(open_run, ann)
    recap = exercise_recap(session=session, activity=open_run.exercise.activity, participant=ann)
    assert recap.figure == "100%"
    assert recap.url == f"/exercise/runs/{open_run.pk}/review/"


def test_a_submission_waiting_to_be_marked_says_so(open_run, session, guest):
    services.submission_create(run=open_run, participant=guest, values=key_answers(HOUSE))
    recap = exercise_recap(session=session, activity=open_run.exercise.activity, participant=guest)
    assert (recap.text, recap.figure) == ("Waiting to be marked", "")


def test_nothing_submitted_or_never_opened_is_no_recap(open_run, exercise, session, guest, lesson):
    assert exercise_recap(session=session, activity=exercise.activity, participant=guest) is None
    other = core.live_session_start(lesson_id=lesson.pk)
    visitor = core.participant_join_guest(session=other, display_name="Bo")
    assert exercise_recap(session=other, activity=exercise.activity, participant=visitor) is None
