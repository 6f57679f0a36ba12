"""Chairs and the audience vote."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from classroom.kinds import Audience, state_changed

from ..models import DebateRoom, Vote
from ._base import DebateError, State, VoteRound, _participants_of, _room_locked


@transaction.atomic
def chair_assign(*, room_id: int, participant_id: int | None) -> DebateRoom:
    """Hand a debate's controls to a participant's phone, or back to the instructor (None)."""
    room = _room_locked(room_id)
    if participant_id is not None:
        _participants_of(room.formation.session, [participant_id])
    room.chair_id = participant_id
    room.save(update_fields=["chair"])
    state_changed(session_id=room.formation.session_id, audience=Audience.EVERYONE)
    return room


@transaction.atomic
def vote_open(*, room_id: int, vote_round: str) -> DebateRoom:
    """Open the audience vote: ``before`` while the debate prepares, ``after`` once finished."""
    room = _room_locked(room_id)
    needed = {VoteRound.BEFORE: State.PREP, VoteRound.AFTER: State.FINISHED}
    if vote_round not in needed:
        raise DebateError(f"a vote round is 'before' or 'after', not {vote_round!r}")
    if room.vote_open:
        raise DebateError(f"the {room.vote_open} vote of debate {room.number} is already open")
    if room.state != needed[vote_round]:
        raise DebateError(
            f"the {vote_round} vote opens when debate {room.number} is {needed[vote_round]}; "
            f"it is {room.state}"
        )
    room.vote_open = vote_round
    room.save(update_fields=["vote_open"])
    state_changed(session_id=room.formation.session_id, audience=Audience.EVERYONE)
    return room


@transaction.atomic
def vote_close(*, room_id: int) -> DebateRoom:
    room = _room_locked(room_id)
    if not room.vote_open:
        raise DebateError(f"no vote of debate {room.number} is open")
    room.vote_open = ""
    room.save(update_fields=["vote_open"])
    state_changed(session_id=room.formation.session_id, audience=Audience.EVERYONE)
    return room


@transaction.atomic
def vote_cast(*, room_id: int, participant_id: int, choice: str) -> Vote:
    """Record an audience member's vote in the open round, replacing their earlier one."""
    room = _room_locked(room_id)
    if choice not in Vote.Choice.values:
        raise DebateError(f"a vote is 'for', 'against' or 'undecided', not {choice!r}")
    if not room.vote_open:
        raise DebateError(f"voting in debate {room.number} is closed")
    _participants_of(room.formation.session, [participant_id])
    if room.seats.filter(participant_id=participant_id).exists():
        raise DebateError(f"you speak in debate {room.number}; its audience votes")
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                room=room, participant_id=participant_id, round=room.vote_open, choice=choice
            )
    except IntegrityError:
        vote = Vote.objects.get(room=room, participant_id=participant_id, round=room.vote_open)
        vote.choice = choice
        vote.save(update_fields=["choice", "cast_at"])
    state_changed(session_id=room.formation.session_id, audience=Audience.SCREENS)
    return vote
