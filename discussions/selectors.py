"""Reads of the discussion: the replies a screen shows, a reply its instructor may moderate."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from classroom.kinds import taught_by
from classroom.models import LiveSession

from .models import Reply


def replies_of(*, session: LiveSession, activity_id: int, include_hidden: bool) -> QuerySet[Reply]:
    """Newest first; hidden ones only for the dashboard."""
    replies = Reply.objects.filter(session=session, activity_id=activity_id)
    if not include_hidden:
        replies = replies.filter(hidden=False)
    return replies.select_related("participant").order_by("-created_at", "-id")


def reply_for_instructor(*, user: AbstractBaseUser, reply_id: int) -> Reply:
    """The reply, if ``user`` teaches its course; 404 otherwise."""
    replies = Reply.objects.select_related("session")
    return taught_by(
        replies, user=user, pk=reply_id, course_path="session__lesson__course", what="reply"
    )
