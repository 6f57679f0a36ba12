"""The demo: load_demo writes the assignment's feedback for every student of the roster,
released, and binds the lesson's feedback item to it; loading again sends nothing twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from classroom.models import Activity, Student
from feedback.demo import TITLE
from feedback.models import Assignment, Email, Feedback, FeedbackActivity


@pytest.mark.django_db
def test_the_demo_assignment_is_written_for_everyone_and_released_once():
    call_command("load_demo", verbosity=0)
    assignment = Assignment.objects.get(title=TITLE)
    students = Student.objects.filter(course=assignment.course)
    assert assignment.is_released and assignment.rubric.count() >= 3
    assert Feedback.objects.filter(assignment=assignment).count() == students.count()
    assert not Feedback.objects.filter(assignment=assignment, score__isnull=True).exists()
    item = Activity.objects.get(kind="feedback")
    assert FeedbackActivity.objects.get(activity=item).assignment == assignment
    emails = Email.objects.count()
    assert emails == Feedback.objects.filter(assignment=assignment).count()
    call_command("load_demo", verbosity=0)
    assert Email.objects.count() == emails
