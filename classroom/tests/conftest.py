"""Fixtures for the core: an instructor with a course, a lesson, a live session, phones."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from classroom import services
from classroom.models import Course, Lesson, LiveSession, Student


@pytest.fixture
def instructor(db):
    return get_user_model().objects.create_user("ada", "ada@example.org", "pw-for-tests")


@pytest.fixture
def other_instructor(db):
    return get_user_model().objects.create_user("grace", "grace@example.org", "pw-for-tests")


@pytest.fixture
def course(instructor):
    course = Course.objects.create(code="COMP1", title="Machine Learning", allow_guests=True)
    course.instructors.add(instructor)
    return course


@pytest.fixture
def student(course):
    return Student.objects.create(
        course=course,
        name="Ann Lee",
        student_number="2401",
        email="ann@example.ac.uk",
        signin_token="ann-secret-token",
    )


@pytest.fixture
def lesson(course):
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    services.activity_append(lesson_id=lesson.pk, kind="note", title="Sigmoid", body="$\\sigma(z)$")
    services.activity_append(lesson_id=lesson.pk, kind="discussion", title="Discuss", body="Why?")
    services.activity_append(lesson_id=lesson.pk, kind="note", title="Softmax", body="Scales")
    return lesson


@pytest.fixture
def session(lesson, instructor, django_capture_on_commit_callbacks) -> LiveSession:
    with django_capture_on_commit_callbacks(execute=True):
        return services.live_session_start(lesson_id=lesson.pk, user=instructor)


@pytest.fixture
def teacher_client(instructor) -> Client:
    client = Client()
    client.force_login(instructor)
    return client


@pytest.fixture
def guest_phone(session) -> Client:
    """A phone that joined ``session`` as the guest "Bo"."""
    phone = Client()
    response = phone.post(f"/j/{session.join_code}/", {"display_name": "Bo"})
    assert response.status_code == 302
    return phone
