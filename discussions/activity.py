"""The discussion as a kind of activity: what each of its three screens is given."""

from __future__ import annotations

from typing import Any

from classroom.kinds import ActivityKind, Screen, register
from classroom.models import Activity, LiveSession, Participant

from . import selectors
from .services import DISCUSSION_KIND


def discussion_context(
    *,
    session: LiveSession,
    activity: Activity,
    screen: Screen,
    participant: Participant | None,
    request: object,
) -> dict[str, Any]:
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
        key=DISCUSSION_KIND,
        label="Discussion",
        template="discussions/discussion.html",
        context=discussion_context,
    )
)
