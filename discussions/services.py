"""Every write of the discussion: a phone's reply, the instructor hiding or showing one."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from classroom.kinds import Audience, TransitionError, clean_text, state_changed
from classroom.models import LiveSession, Participant

from .models import REPLY_MAX, Reply

DISCUSSION_KIND = "discussion"


def reply_create(
    *, session: LiveSession, participant: Participant, text: str, key: str = ""
) -> Reply:
    """Store a participant's reply to the session's current discussion.

    ``key`` is the phone's idempotency key: a request sent again with the same key (its answer
    was lost on the way back) returns the reply stored the first time, even after the
    discussion has moved on. Raises :class:`TransitionError` when the current activity is no
    discussion, and :class:`classroom.kinds.BadInput` for an empty, over-long or unprintable
    text or key.
    """
    key = clean_text(key, what="the request's key", max_length=64, required=False)
    if key:
        stored = Reply.objects.filter(participant=participant, key=key).first()
        if stored is not None:
            return stored
    activity = session.current_activity
    if activity is None or activity.kind != DISCUSSION_KIND:
        raise TransitionError("the discussion is not open any more")
    text = clean_text(text, what="a reply", max_length=REPLY_MAX)
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                session=session, activity=activity, participant=participant, text=text, key=key
            )
            state_changed(
                session_id=session.pk, audience=Audience.SCREENS, join_code=session.join_code
            )
    except IntegrityError:
        # The same request, sent twice at once: the other one stored it.
        return Reply.objects.get(participant=participant, key=key)
    return reply


@transaction.atomic
def reply_set_hidden(*, reply: Reply, hidden: bool) -> Reply:
    reply.hidden = hidden
    reply.save(update_fields=["hidden"])
    state_changed(session_id=reply.session_id, audience=Audience.SCREENS)
    return reply
