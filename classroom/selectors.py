"""Reads of the core: what an instructor may see, what a phone shows, the version it follows."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, Model, QuerySet
from django.http import Http404

from .models import Course, DiscussionReply, Lesson, LiveSession, Participant, Student
from .services import board_cache_key, live_version_publish, version_cache_key


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
    replies = DiscussionReply.objects.select_related("session")
    return taught_by(
        replies, user=user, pk=reply_id, course_path="session__lesson__course", what="reply"
    )
