"""The core's fixtures (an instructor, a course, a lesson with a discussion, a live session,
a guest's phone), shared with this kind's tests."""

from classroom.tests.conftest import (  # noqa: F401
    course,
    guest_phone,
    instructor,
    lesson,
    other_instructor,
    session,
    student,
    teacher_client,
)
