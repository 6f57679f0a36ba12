"""Speaking timers: pure arithmetic over a debate's timer state, with explicit ``now`` values.

Terminology
-----------
speaking order
    The seats of a debate in the order they speak (see :func:`speaking_order`).
position
    An index into the speaking order; the *current* position is the seat holding the floor.
speech
    One seat's turn. Its clock starts at ``started_at`` (server time, seconds since the epoch)
    and runs except while paused; ``paused_seconds`` is the paused time already over and
    ``paused_at`` the start of a pause under way.
allotted time
    The seat's speaking time plus any time added to this speech (``added_seconds``).
grace
    Seconds after the allotted time before a speech counts as over time.
phase
    ``ok``; ``amber`` in the last :data:`AMBER_SECONDS` of the allotted time; ``red`` from the
    end through the grace period; ``overtime`` beyond it.
status
    ``ready`` (no speech yet), ``running``, ``paused``, ``finished``.

Every screen computes the same time from the same fields: ``remaining = allotted + added -
((paused_at or now) - started_at - paused_seconds)``, with ``now`` the server's clock as the
device estimates it. :func:`timer_snapshot` gives those fields.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

Status = Literal["ready", "running", "paused", "finished"]
Phase = Literal["ok", "amber", "red", "overtime"]

AMBER_SECONDS = 30
ADD_SECONDS = 30
DEFAULT_GRACE_SECONDS = 15


class TimerError(ValueError):
    """A timer control that the timer's status does not allow; the message names the status."""


@dataclass(frozen=True)
class TimerState:
    order: tuple[Hashable, ...]
    """Seats in speaking order."""
    allotted: tuple[int, ...]
    """Speaking seconds of each position, parallel to ``order``."""
    spoken: tuple[bool, ...]
    """Ticks: whose speech is done, parallel to ``order``."""
    status: Status = "ready"
    current: int = 0
    started_at: float | None = None
    paused_at: float | None = None
    paused_seconds: float = 0.0
    added_seconds: int = 0
    grace_seconds: int = DEFAULT_GRACE_SECONDS

    def __post_init__(self) -> None:
        if not self.order:
            raise TimerError("a speaking order needs at least one speaker")
        if not len(self.order) == len(self.allotted) == len(self.spoken):
            raise TimerError(
                f"order, allotted and spoken differ in length: "
                f"{len(self.order)}, {len(self.allotted)}, {len(self.spoken)}"
            )
        if any(seconds <= 0 for seconds in self.allotted):
            raise TimerError(f"speaking times must be positive; got {list(self.allotted)}")
        if not 0 <= self.current < len(self.order):
            raise TimerError(f"position {self.current} is outside the speaking order")
        if self.grace_seconds < 0:
            raise TimerError(f"the grace period cannot be negative; got {self.grace_seconds}")
        if self.status in ("running", "paused") and self.started_at is None:
            raise TimerError(f"a {self.status} timer needs started_at")
        if (self.status == "paused") != (self.paused_at is not None):
            raise TimerError(f"paused_at is set exactly when paused; status is {self.status}")


def timer_new(
    order: Sequence[Hashable],
    allotted: Sequence[int],
    *,
    grace_seconds: int = DEFAULT_GRACE_SECONDS,
) -> TimerState:
    return TimerState(
        order=tuple(order),
        allotted=tuple(allotted),
        spoken=(False,) * len(order),
        grace_seconds=grace_seconds,
    )


def _speech_under_way(state: TimerState) -> bool:
    return state.status in ("running", "paused")


def elapsed(state: TimerState, now: float) -> float:
    """Seconds the current speech has run, pauses excluded."""
    if not _speech_under_way(state):
        return 0.0
    assert state.started_at is not None
    clock = state.paused_at if state.paused_at is not None else now
    return max(0.0, clock - state.started_at - state.paused_seconds)


def allotted_now(state: TimerState) -> int:
    """The current speech's allotted seconds, added time included."""
    return state.allotted[state.current] + state.added_seconds


def remaining(state: TimerState, now: float) -> float:
    """Seconds left in the current speech; negative once it runs over."""
    if state.status == "finished":
        return 0.0
    return allotted_now(state) - elapsed(state, now)


def overtime(state: TimerState, now: float) -> float:
    return max(0.0, -remaining(state, now))


def phase(state: TimerState, now: float) -> Phase:
    if not _speech_under_way(state):
        return "ok"
    left = remaining(state, now)
    if left > AMBER_SECONDS:
        return "ok"
    if left > 0:
        return "amber"
    if -left <= state.grace_seconds:
        return "red"
    return "overtime"


def _refuse(action: str, state: TimerState) -> TimerError:
    return TimerError(f"cannot {action}: the timer is {state.status}")


def _fresh_speech(state: TimerState, current: int, now: float, *, paused: bool) -> TimerState:
    return replace(
        state,
        status="paused" if paused else "running",
        current=current,
        started_at=now,
        paused_at=now if paused else None,
        paused_seconds=0.0,
        added_seconds=0,
    )


def start(state: TimerState, now: float) -> TimerState:
    """The first speech begins."""
    if state.status != "ready":
        raise _refuse("start", state)
    return _fresh_speech(state, 0, now, paused=False)


def pause(state: TimerState, now: float) -> TimerState:
    if state.status != "running":
        raise _refuse("pause", state)
    return replace(state, status="paused", paused_at=now)


def resume(state: TimerState, now: float) -> TimerState:
    if state.status != "paused":
        raise _refuse("resume", state)
    assert state.paused_at is not None
    return replace(
        state,
        status="running",
        paused_at=None,
        paused_seconds=state.paused_seconds + max(0.0, now - state.paused_at),
    )


def _ticked(spoken: tuple[bool, ...], position: int, value: bool) -> tuple[bool, ...]:
    return spoken[:position] + (value,) + spoken[position + 1 :]


def next_speaker(state: TimerState, now: float) -> TimerState:
    """Tick the current speaker as done and give the floor to the next.

    A paused timer stays paused, at the start of the next speech, so the next speaker can
    take their place before the clock runs. After the last speaker the debate is finished.
    """
    if not _speech_under_way(state):
        raise _refuse("go to the next speaker", state)
    spoken = _ticked(state.spoken, state.current, True)
    if state.current == len(state.order) - 1:
        return replace(
            state,
            spoken=spoken,
            status="finished",
            started_at=None,
            paused_at=None,
            paused_seconds=0.0,
            added_seconds=0,
        )
    following = replace(state, spoken=spoken)
    return _fresh_speech(following, state.current + 1, now, paused=state.status == "paused")


def back(state: TimerState, now: float) -> TimerState:
    """Give the floor back to the previous speaker, whose tick is removed; their clock restarts.

    From a finished debate, the last speaker has the floor again, paused.
    """
    if state.status == "finished":
        last = len(state.order) - 1
        reopened = replace(state, spoken=_ticked(state.spoken, last, False))
        return _fresh_speech(reopened, last, now, paused=True)
    if not _speech_under_way(state):
        raise _refuse("go back", state)
    if state.current == 0:
        raise TimerError("cannot go back: the first speaker has the floor")
    previous = state.current - 1
    reopened = replace(state, spoken=_ticked(state.spoken, previous, False))
    return _fresh_speech(reopened, previous, now, paused=state.status == "paused")


def add_time(state: TimerState, seconds: int = ADD_SECONDS) -> TimerState:
    if seconds <= 0:
        raise TimerError(f"added time must be positive; got {seconds}")
    if not _speech_under_way(state):
        raise _refuse("add time", state)
    return replace(state, added_seconds=state.added_seconds + seconds)


def end(state: TimerState, now: float) -> TimerState:
    """Finish the debate; a speaker whose clock has run is ticked as having spoken."""
    if state.status == "finished":
        raise _refuse("end the debate", state)
    spoken = state.spoken
    if _speech_under_way(state) and elapsed(state, now) > 0:
        spoken = _ticked(spoken, state.current, True)
    return replace(
        state,
        spoken=spoken,
        status="finished",
        started_at=None,
        paused_at=None,
        paused_seconds=0.0,
        added_seconds=0,
    )


def timer_snapshot(state: TimerState, now: float) -> dict[str, Any]:
    """What a browser needs to show the time and keep counting on its own.

    The browser estimates ``offset = server_now - its clock at receipt`` and then computes
    ``remaining`` from the other fields and ``its clock + offset``.
    """
    return {
        "status": state.status,
        "position": state.current,
        "speakers": len(state.order),
        "server_now": now,
        "started_at": state.started_at,
        "paused_at": state.paused_at,
        "paused_seconds": state.paused_seconds,
        "allotted_seconds": allotted_now(state) if state.status != "finished" else 0,
        "added_seconds": state.added_seconds,
        "amber_seconds": AMBER_SECONDS,
        "grace_seconds": state.grace_seconds,
        "remaining": remaining(state, now),
        "phase": phase(state, now),
    }


def prep_remaining(started_at: float | None, seconds: int, now: float) -> float:
    """Seconds left of the preparation time; the full time before it starts, never below 0."""
    if started_at is None:
        return float(seconds)
    return max(0.0, seconds - (now - started_at))


@dataclass(frozen=True)
class SpeakingSeat:
    key: Hashable
    roles: tuple[int, ...]
    """Role positions the seat holds (see :mod:`debates.formation`)."""


def speaking_order(
    for_seats: Sequence[SpeakingSeat],
    against_seats: Sequence[SpeakingSeat],
    role_count: int,
) -> list[Hashable]:
    """The default order: the sides alternate, for first; opening seats first, closing last.

    An opening seat holds the first role (the Introducer); a closing seat holds the last role
    (the Finisher) and not the first. Within each group the seats keep their team order.
    """
    if role_count < 1:
        raise TimerError("a debate needs at least one role")

    def group(seat: SpeakingSeat) -> int:
        if 0 in seat.roles:
            return 0
        if role_count - 1 in seat.roles:
            return 2
        return 1

    def by_role(seats: Sequence[SpeakingSeat]) -> list[SpeakingSeat]:
        return sorted(seats, key=lambda seat: (group(seat), min(seat.roles, default=0)))

    order: list[Hashable] = []
    for stage in (0, 1, 2):
        pro = [seat for seat in by_role(for_seats) if group(seat) == stage]
        con = [seat for seat in by_role(against_seats) if group(seat) == stage]
        for index in range(max(len(pro), len(con))):
            if index < len(pro):
                order.append(pro[index].key)
            if index < len(con):
                order.append(con[index].key)
    return order
