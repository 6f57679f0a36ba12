"""Fixtures of assignment feedback: a course with a roster, an assignment with a rubric, an
instructor, and phones signed in by students' personal links."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from classroom.models import Course, Student
from feedback import services


@pytest.fixture
def course(db):
    return Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)


@pytest.fixture
def students(course):
    return [
        Student.objects.create(
            course=course,
            name=name,
            student_number=number,
            email=f"{number}@example.ac.uk",
            signin_token=f"token-{number}",
        )
        for name, number in (("Ann Lee", "2401"), ("Bo Chen", "2402"), ("Cy Diaz", "2403"))
    ]


@pytest.fixture
def assignment(course):
    return services.assignment_create(
        course=course,
        title="Assignment 1",
        max_score=Decimal(10),
        rubric=[
            services.RubricLine(Decimal(4), "Forward pass right"),
            services.RubricLine(Decimal(-2), "No tests"),
        ],
    )


@pytest.fixture
def instructor(course):
    user = get_user_model().objects.create_user("ada", password="pw-teacher-1")
    course.instructors.add(user)
    return user


@pytest.fixture
def teacher(instructor) -> Client:
    client = Client()
    client.force_login(instructor)
    return client


def phone_of(student: Student) -> Client:
    """A phone signed in by the student's personal link."""
    phone = Client()
    phone.get(f"/s/{student.signin_token}/")
    return phone
