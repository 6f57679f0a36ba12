"""Every write of the discussion: a phone's reply, the instructor hiding or showing one."""

from __future__ import annotations

from django.db import transaction

from classroom.kinds import Audience, TransitionError, clean_text, state_changed
from classroom.models import LiveSession, Participant

from .models import REPLY_MAX, Reply

DISCUSSION_KIND = "discussion"


@transaction.atomic
def reply_create(*, session: LiveSession, participant: Participant, text: str) -> Reply:
    """Store a participant's reply to the session's current discussion.

    Raises :class:`TransitionError` when the current activity is no discussion, and
    :class:`classroom.kinds.BadInput` for an empty, over-long or unprintable text.
    """
    activity = session.current_activity
    if activity is None or activity.kind != DISCUSSION_KIND:
        raise TransitionError("the discussion is not open any more")
    text = clean_text(text, what="a reply", max_length=REPLY_MAX)
    reply = Reply.objects.create(
        session=session, activity=activity, participant=participant, text=text
    )
    state_changed(session_id=session.pk, audience=Audience.SCREENS, join_code=session.join_code)
    return reply


@transaction.atomic
def reply_set_hidden(*, reply: Reply, hidden: bool) -> Reply:
    reply.hidden = hidden
    reply.save(update_fields=["hidden"])
    state_changed(session_id=reply.session_id, audience=Audience.SCREENS)
    return reply
