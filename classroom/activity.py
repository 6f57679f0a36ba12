"""The core's own activity kinds: the note (a slide) and the discussion (replies from phones)."""

from __future__ import annotations

from typing import Any

from . import selectors
from .activities import ActivityKind, register

NOTE = register(ActivityKind(key="note", label="Note", template="classroom/kinds/note.html"))


def discussion_context(*, session, activity, screen, participant, request) -> dict[str, Any]:
    replies = list(
        selectors.replies_of(
            session=session, activity_id=activity.pk, include_hidden=screen == "dashboard"
        )
    )
    ctx: dict[str, Any] = {"replies": replies, "reply_count": len(replies)}
    if participant is not None:
        ctx["my_replies"] = [r for r in replies if r.participant_id == participant.pk]
    return ctx


DISCUSSION = register(
    ActivityKind(
        key="discussion",
        label="Discussion",
        template="classroom/kinds/discussion.html",
        context=discussion_context,
    )
)
