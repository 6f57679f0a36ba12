"""Reads of the core: what an instructor may see, what a phone shows, the version it follows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Model, QuerySet
from django.http import Http404

from .models import Course, Lesson, LiveSession, Participant, Student
from .versions import board_version as board_version
from .versions import live_version as live_version


def courses_for_instructor(*, user: AbstractBaseUser) -> QuerySet[Course]:
    return Course.objects.filter(instructors=user).annotate(n_students=Count("students"))


def taught_by[M: Model](
    queryset: QuerySet[M], *, user: AbstractBaseUser, pk: int, course_path: str, what: str
) -> M:
    """The row ``pk`` of ``queryset`` if ``user`` teaches its course (reached through
    ``course_path``, e.g. ``"lesson__course"``); otherwise 404, so that other instructors'
    courses are not revealed.
    """
    lookup = f"{course_path}__instructors" if course_path else "instructors"
    row = queryset.filter(pk=pk, **{lookup: user}).first()
    if row is None:
        raise Http404(f"No such {what} among yours")
    return row


def course_for_instructor(*, user: AbstractBaseUser, course_id: int) -> Course:
    return taught_by(Course.objects, user=user, pk=course_id, course_path="", what="course")


def lesson_for_instructor(*, user: AbstractBaseUser, lesson_id: int) -> Lesson:
    lessons = Lesson.objects.select_related("course")
    return taught_by(lessons, user=user, pk=lesson_id, course_path="course", what="lesson")


def session_for_instructor(*, user: AbstractBaseUser, session_id: int) -> LiveSession:
    sessions = LiveSession.objects.select_related("lesson__course", "current_activity")
    return taught_by(
        sessions, user=user, pk=session_id, course_path="lesson__course", what="session"
    )


def student_for_instructor(*, user: AbstractBaseUser, student_id: int) -> Student:
    return taught_by(
        Student.objects, user=user, pk=student_id, course_path="course", what="student"
    )


def session_fresh(*, session_id: int) -> LiveSession:
    """The session as it is now, with what every screen shows of it."""
    return LiveSession.objects.select_related("lesson__course", "current_activity").get(
        pk=session_id
    )


def session_open_by_code(*, join_code: str) -> LiveSession | None:
    return (
        LiveSession.objects.select_related("lesson__course", "current_activity")
        .exclude(status=LiveSession.Status.ENDED)
        .filter(join_code=join_code.upper())
        .first()
    )


def session_newest_by_code(*, join_code: str) -> LiveSession | None:
    """The newest session with ``join_code``, open or ended (codes are reused once ended)."""
    return (
        LiveSession.objects.select_related("lesson__course", "current_activity")
        .filter(join_code=join_code)
        .order_by("-created_at")
        .first()
    )


def open_sessions_for_course(*, course_id: int) -> QuerySet[LiveSession]:
    """The course's sessions not yet ended, newest first, with their lessons."""
    return (
        LiveSession.objects.filter(lesson__course_id=course_id)
        .exclude(status=LiveSession.Status.ENDED)
        .select_related("lesson")
        .order_by("-created_at", "-id")
    )


def sessions_open_older(*, session: LiveSession) -> QuerySet[LiveSession]:
    """The other sessions of ``session``'s lesson still open and started before it, newest
    first: left open by a class that forgot to end them."""
    return (
        LiveSession.objects.filter(lesson_id=session.lesson_id, created_at__lt=session.created_at)
        .exclude(status=LiveSession.Status.ENDED)
        .order_by("-created_at", "-id")
    )


def participants_of(*, session: LiveSession) -> QuerySet[Participant]:
    return session.participants.select_related("student").order_by("display_name", "id")
