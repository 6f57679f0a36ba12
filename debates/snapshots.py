"""A room's speaking timer as the pure :class:`debates.timing.TimerState`, read from its rows.

Shared by the services (which step the timer and write it back) and the selectors (which show
it); neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from . import timing
from .models import DebateRoom, Seat

State = DebateRoom.State

STATUS_OF_STATE: dict[str, timing.Status] = {
    State.PREP: "ready",
    State.RUNNING: "running",
    State.PAUSED: "paused",
    State.FINISHED: "finished",
}
STATE_OF_STATUS = {status: state for state, status in STATUS_OF_STATE.items()}


def timer_state(room: DebateRoom, seats: Sequence[Seat]) -> timing.TimerState:
    """The pure timer of a room, from the room and its seats in speaking order."""
    return timing.TimerState(
        order=tuple(seat.pk for seat in seats),
        allotted=tuple(seat.seconds for seat in seats),
        spoken=tuple(seat.spoken for seat in seats),
        status=STATUS_OF_STATE[room.state],
        current=min(room.current_position, max(len(seats) - 1, 0)),
        started_at=_ts(room.speech_started_at),
        paused_at=_ts(room.paused_at),
        paused_seconds=room.paused_seconds,
        added_seconds=room.added_seconds,
        grace_seconds=room.grace_seconds,
    )


def _ts(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None
