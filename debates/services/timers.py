"""The speaking timers: start, pause, resume, next, back, add time, end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.db import transaction

from classroom.kinds import Audience, state_changed

from .. import timing
from ..models import DebateRoom, Seat
from ..snapshots import STATE_OF_STATUS, timer_state
from ._base import DebateError, State, VoteRound, _dt, _now, _room_locked


def _timer_step(
    *,
    room_id: int,
    action: str,
    allowed: set[str],
    step: Callable[[timing.TimerState, float], timing.TimerState],
    now: datetime | None,
) -> DebateRoom:
    room = _room_locked(room_id)
    if room.state not in allowed:
        raise DebateError(f"cannot {action} debate {room.number}: it is {room.state}")
    seats = list(room.seats.order_by("order"))
    try:
        state = step(timer_state(room, seats), _now(now).timestamp())
    except timing.TimerError as error:
        raise DebateError(f"debate {room.number}: {error}") from error
    room.state = STATE_OF_STATUS[state.status]
    room.current_position = state.current
    room.speech_started_at = _dt(state.started_at)
    room.paused_at = _dt(state.paused_at)
    room.paused_seconds = state.paused_seconds
    room.added_seconds = state.added_seconds
    if room.state == State.RUNNING and room.vote_open == VoteRound.BEFORE:
        # The vote before the debate closes when the first speech begins.
        room.vote_open = ""
    room.save(
        update_fields=[
            "state",
            "current_position",
            "speech_started_at",
            "paused_at",
            "paused_seconds",
            "added_seconds",
            "vote_open",
        ]
    )
    ticked = []
    for seat, spoken in zip(seats, state.spoken, strict=True):
        if seat.spoken != spoken:
            seat.spoken = spoken
            ticked.append(seat)
    if ticked:
        Seat.objects.bulk_update(ticked, ["spoken"])
    state_changed(session_id=room.formation.session_id, audience=Audience.EVERYONE)
    return room


_UNDER_WAY = {State.RUNNING, State.PAUSED}


@transaction.atomic
def debate_start(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    """The first speaker's clock starts; an open vote before the debate closes."""
    return _timer_step(
        room_id=room_id, action="start", allowed={State.PREP}, step=timing.start, now=now
    )


@transaction.atomic
def debate_pause(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    return _timer_step(
        room_id=room_id, action="pause", allowed={State.RUNNING}, step=timing.pause, now=now
    )


@transaction.atomic
def debate_resume(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    return _timer_step(
        room_id=room_id, action="resume", allowed={State.PAUSED}, step=timing.resume, now=now
    )


@transaction.atomic
def debate_next(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    """Tick the speaker as done and give the floor to the next; after the last, finish."""
    return _timer_step(
        room_id=room_id,
        action="go to the next speaker in",
        allowed=_UNDER_WAY,
        step=timing.next_speaker,
        now=now,
    )


@transaction.atomic
def debate_back(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    """Give the floor back to the previous speaker (from a finished debate: the last one)."""
    return _timer_step(
        room_id=room_id,
        action="go back in",
        allowed=_UNDER_WAY | {State.FINISHED},
        step=timing.back,
        now=now,
    )


@transaction.atomic
def debate_add_time(
    *, room_id: int, seconds: int = timing.ADD_SECONDS, now: datetime | None = None
) -> DebateRoom:
    return _timer_step(
        room_id=room_id,
        action="add time to",
        allowed=_UNDER_WAY,
        step=lambda state, _now: timing.add_time(state, seconds),
        now=now,
    )


@transaction.atomic
def debate_end(*, room_id: int, now: datetime | None = None) -> DebateRoom:
    """Finish the debate; a speaker whose clock has run is ticked."""
    return _timer_step(
        room_id=room_id,
        action="end",
        allowed={State.PREP} | _UNDER_WAY,
        step=timing.end,
        now=now,
    )
