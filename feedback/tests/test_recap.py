"""Feedback's recap on a phone's end-of-class page: a rostered student's released feedback."""

from __future__ import annotations

import pytest

from classroom import services as core
from classroom.kinds import Recap
from classroom.models import Lesson
from feedback import services
from feedback.activity import feedback_recap
from feedback.models import FeedbackActivity


@pytest.fixture
def bound(course, assignment, students):
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="feedback", title="Feedback")
    FeedbackActivity.objects.create(activity=activity, assignment=assignment)
    services.feedback_save(
        assignment=assignment, student=students[0], score="7.5", comments="Good."
    )
    session = core.live_session_start(lesson_id=lesson.pk)
    return activity, session


def test_a_released_feedback_gives_its_score_and_link(bound, assignment, students):
    activity, session = bound
    services.release_now(assignment=assignment, base_url="http://testserver")
    ann = core.participant_join_student(session=session, student=students[0])
    recap = feedback_recap(session=session, activity=activity, participant=ann)
    assert recap == Recap(
        text="Your feedback on Assignment 1",
        figure="7.5/10",
        url=f"/feedback/mine/{assignment.pk}/",
    )


def test_feedback_not_released_yet_is_no_recap(bound, students):
    activity, session = bound
    ann = core.participant_join_student(session=session, student=students[0])
    assert feedback_recap(session=session, activity=activity, participant=ann) is None


def test_a_student_without_feedback_and_a_guest_get_none(bound, assignment, students):
    activity, session = bound
    services.release_now(assignment=assignment, base_url="http://testserver")
    bo = core.participant_join_student(session=session, student=students[1])
    guest = core.participant_join_guest(session=session, display_name="Dee")
    assert feedback_recap(session=session, activity=activity, participant=bo) is None
    assert feedback_recap(session=session, activity=activity, participant=guest) is None
