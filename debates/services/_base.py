"""What every debate service shares: the error, clock conversions, row locks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from django.utils import timezone

from classroom.kinds import TransitionError
from classroom.models import LiveSession, Participant

from ..models import DebateRoom

State = DebateRoom.State
VoteRound = DebateRoom.VoteRound


class DebateError(TransitionError):
    """A debate step that is not allowed now, or bad input; the message says which."""


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _ts(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _dt(seconds: float | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds is not None else None


def _participants_of(session: LiveSession, participant_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(participant_ids))
    found = set(
        Participant.objects.filter(session=session, pk__in=wanted).values_list("pk", flat=True)
    )
    strangers = [pk for pk in wanted if pk not in found]
    if strangers:
        raise DebateError(f"participants {strangers} are not in live session {session.pk}")
    return wanted


def _room_locked(room_id: int) -> DebateRoom:
    room = (
        DebateRoom.objects.select_for_update(of=("self",))
        .select_related("formation__session")
        .filter(pk=room_id)
        .first()
    )
    if room is None:
        raise DebateError(f"there is no debate room {room_id}")
    if not room.formation.session.is_open:
        raise DebateError(f"live session {room.formation.session_id} has ended")
    if room.stage != room.formation.stage:
        raise DebateError(
            f"debate {room.number} is over: the class has moved on to the next motion"
        )
    return room
