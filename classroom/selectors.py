"""Reads of the core: what an instructor may see, what a phone shows, the version it follows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, QuerySet
from django.http import Http404

from .models import Course, DiscussionReply, Lesson, LiveSession, Participant, Student
from .services import board_cache_key, live_version_publish, version_cache_key


def courses_for_instructor(*, user: AbstractBaseUser) -> QuerySet[Course]:
    return Course.objects.filter(instructors=user).annotate(n_students=Count("students"))


def course_for_instructor(*, user: AbstractBaseUser, course_id: int) -> Course:
    """The course if ``user`` teaches it; otherwise 404, so other courses are not revealed."""
    course = Course.objects.filter(pk=course_id, instructors=user).first()
    if course is None:
        raise Http404("No such course among yours")
    return course


def lesson_for_instructor(*, user: AbstractBaseUser, lesson_id: int) -> Lesson:
    lesson = (
        Lesson.objects.select_related("course").filter(pk=lesson_id, course__instructors=user)
    ).first()
    if lesson is None:
        raise Http404("No such lesson among yours")
    return lesson


def session_for_instructor(*, user: AbstractBaseUser, session_id: int) -> LiveSession:
    session = (
        LiveSession.objects.select_related("lesson__course", "current_activity")
        .filter(pk=session_id, lesson__course__instructors=user)
        .first()
    )
    if session is None:
        raise Http404("No such session among yours")
    return session


def student_for_instructor(*, user: AbstractBaseUser, student_id: int) -> Student:
    student = Student.objects.filter(pk=student_id, course__instructors=user).first()
    if student is None:
        raise Http404("No such student among yours")
    return student


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


def open_sessions_for_course(*, course_id: int) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(lesson__course_id=course_id).exclude(
        status=LiveSession.Status.ENDED
    )


def live_version(*, join_code: str) -> int | None:
    """The version phones follow: from the cache, falling back to the database once."""
    version = cache.get(version_cache_key(join_code))
    if version is None:
        session_id = (
            LiveSession.objects.filter(join_code=join_code)
            .exclude(status=LiveSession.Status.ENDED)
            .values_list("pk", flat=True)
            .first()
        )
        if session_id is None:
            return None
        live_version_publish(session_id)
        version = cache.get(version_cache_key(join_code))
    return version


def board_version(*, join_code: str) -> str:
    """What the projector and dashboard follow: the phones' version and the board's counter."""
    values = cache.get_many([version_cache_key(join_code), board_cache_key(join_code)])
    phones = values.get(version_cache_key(join_code))
    if phones is None:
        phones = live_version(join_code=join_code)
    return f"{phones}.{values.get(board_cache_key(join_code), 0)}"


def participants_of(*, session: LiveSession) -> QuerySet[Participant]:
    return session.participants.select_related("student").order_by("display_name", "id")


def replies_of(*, session: LiveSession, activity_id: int, include_hidden: bool) -> QuerySet:
    replies = DiscussionReply.objects.filter(session=session, activity_id=activity_id)
    if not include_hidden:
        replies = replies.filter(hidden=False)
    return replies.select_related("participant").order_by("-created_at", "-id")


def reply_for_instructor(*, user: AbstractBaseUser, reply_id: int) -> DiscussionReply:
    reply = (
        DiscussionReply.objects.select_related("session")
        .filter(pk=reply_id, session__lesson__course__instructors=user)
        .first()
    )
    if reply is None:
        raise Http404("No such reply among yours")
    return reply
