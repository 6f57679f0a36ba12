"""Forming the groups and changing them: reshuffle, swap, move, late arrivals, prep, and the
next stage when the motions are debated one after the other.

Changes apply to the stage under way (``Formation.stage``); the rooms and seats of earlier
stages stay as they were debated."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import datetime

from django.db import transaction

from classroom.kinds import Audience, state_changed
from classroom.models import Activity, LiveSession

from .. import formation as plan
from ..models import DebateRoom, Formation, Seat
from ._base import DebateError, State, _now, _participants_of
from ._plan import _history, _load, _rooms_write, _settings
from .config import debate_config_ensure


def _session_locked(session_id: int) -> LiveSession:
    session = (
        LiveSession.objects.select_for_update(of=("self",))
        .select_related("lesson")
        .filter(pk=session_id)
    ).first()
    if session is None:
        raise DebateError(f"there is no live session {session_id}")
    if not session.is_open:
        raise DebateError(f"live session {session_id} has ended")
    return session


def _formation_locked(formation_id: int) -> Formation:
    row = (
        Formation.objects.select_for_update(of=("self",))
        .select_related("session__lesson", "activity__debate")
        .filter(pk=formation_id)
        .first()
    )
    if row is None:
        raise DebateError(f"there are no groups {formation_id}")
    if not row.session.is_open:
        raise DebateError(f"live session {row.session_id} has ended")
    return row


def _require_prep(rooms: Sequence[DebateRoom], change: str) -> None:
    started = [room for room in rooms if room.state != State.PREP]
    if started:
        found = ", ".join(f"debate {room.number} is {room.state}" for room in started)
        raise DebateError(f"cannot {change}: {found}; groups change only while preparing")


def _rules_save(row: Formation, result: plan.Formation) -> None:
    row.seed = result.seed
    row.rules = list(result.rules)
    row.stages = result.stages
    row.save(update_fields=["seed", "rules", "stages"])


def _rooms_now(row: Formation) -> list[DebateRoom]:
    """The rooms of the stage under way."""
    return list(row.rooms.filter(stage=row.stage))


@transaction.atomic
def groups_form(
    *,
    session_id: int,
    activity_id: int,
    participant_ids: Sequence[int] | None = None,
    seed: int | None = None,
) -> Formation:
    """Form the groups of a debate activity from the participants present.

    ``participant_ids`` are the present participants (all of the session's when None). The
    seed is random when not given; the same participants, history and seed give the same groups.
    """
    session = _session_locked(session_id)
    activity = Activity.objects.filter(pk=activity_id, lesson_id=session.lesson_id).first()
    if activity is None:
        raise DebateError(f"activity {activity_id} is not on this session's lesson")
    config = debate_config_ensure(activity=activity)
    existing = Formation.objects.filter(session=session, activity=activity).first()
    if existing is not None:
        raise DebateError(f"groups are already formed (seed {existing.seed}); reshuffle them")
    roles = [
        {"name": role.name, "brief": role.brief, "seconds": role.seconds}
        for role in config.roles.order_by("position")
    ]
    motions = list(config.motions.order_by("position").values_list("text", flat=True))
    if not motions:
        raise DebateError("this debate has no motion yet; add one first")
    if participant_ids is None:
        participant_ids = list(session.participants.values_list("pk", flat=True))
    present = _participants_of(session, participant_ids)
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        settings = plan.Settings(
            roles=tuple(role["name"] for role in roles),
            group_size=config.group_size,
            motions=len(motions),
        )
        history = _history(session=session, participant_ids=present, exclude_formation_id=None)
        result = plan.form(present, settings, seed=seed, history=history)
    except plan.FormationError as error:
        raise DebateError(str(error)) from error
    row = Formation.objects.create(
        session=session,
        activity=activity,
        seed=seed,
        group_size=config.group_size,
        roles=roles,
        motions=motions,
        rules=list(result.rules),
        prep_seconds=config.prep_minutes * 60,
        stages=result.stages,
    )
    _rooms_write(row, result, debates=None)
    state_changed(session_id=session.pk, audience=Audience.EVERYONE)
    return row


@transaction.atomic
def groups_reshuffle(
    *,
    formation_id: int,
    seed: int | None = None,
    participant_ids: Sequence[int] | None = None,
) -> Formation:
    """Form the stage under way again with a new seed, from the same participants unless given
    others; a later stage is formed again from the stage before it.

    Only while every debate of the stage is preparing; its rooms are replaced, with any votes.
    """
    row = _formation_locked(formation_id)
    rooms = _rooms_now(row)
    _require_prep(rooms, "reshuffle")
    if participant_ids is None:
        participant_ids = list(
            row.seats.filter(stage=row.stage).values_list("participant_id", flat=True)
        )
    present = _participants_of(row.session, participant_ids)
    if seed is None:
        seed = secrets.randbelow(2**31)
        while seed == row.seed:
            seed = secrets.randbelow(2**31)
    elif seed == row.seed:
        raise DebateError(f"a reshuffle needs a new seed; {seed} is the current one")
    try:
        history = _history(
            session=row.session, participant_ids=present, exclude_formation_id=row.pk
        )
        if row.stage == 1:
            result = plan.form(present, _settings(row), seed=seed, history=history)
        else:
            result = plan.stage_next(
                _load(row, row.stage - 1), seed=seed, students=present, history=history
            )
    except plan.FormationError as error:
        raise DebateError(str(error)) from error
    row.rooms.filter(stage=row.stage).delete()
    _rules_save(row, result)
    _rooms_write(row, result, debates=None)
    state_changed(session_id=row.session_id, audience=Audience.EVERYONE)
    return row


@transaction.atomic
def stage_advance(*, formation_id: int, seed: int | None = None) -> Formation:
    """Begin the next stage once every debate of this one is finished: its debates take the
    next motions, and every participant present (late arrivals too) is seated again with the
    roles rotated against the stage before. A vote still open in the finished debates closes;
    the next stage prepares with its own "Start prep".
    """
    row = _formation_locked(formation_id)
    if row.stage >= row.stages:
        raise DebateError(
            f"the debates under way are the last: all {row.stages} stage"
            f"{'s' if row.stages != 1 else ''} of this lesson have begun"
        )
    rooms = _rooms_now(row)
    unfinished = [room for room in rooms if room.state != State.FINISHED]
    if unfinished:
        found = ", ".join(f"debate {room.number} is {room.state}" for room in unfinished)
        raise DebateError(f"cannot start the next motion: {found}; finish it first")
    present = list(row.session.participants.values_list("pk", flat=True))
    seed = secrets.randbelow(2**31) if seed is None else seed
    try:
        history = _history(
            session=row.session, participant_ids=present, exclude_formation_id=row.pk
        )
        result = plan.stage_next(_load(row), seed=seed, students=present, history=history)
    except plan.FormationError as error:
        raise DebateError(str(error)) from error
    DebateRoom.objects.filter(pk__in=[room.pk for room in rooms]).update(vote_open="")
    row.stage += 1
    row.prep_started_at = None
    row.save(update_fields=["stage", "prep_started_at"])
    _rules_save(row, result)
    _rooms_write(row, result, debates=None)
    state_changed(session_id=row.session_id, audience=Audience.EVERYONE)
    return row


def _room_of(row: Formation, participant_id: int) -> DebateRoom:
    seat = (
        row.seats.select_related("room")
        .filter(stage=row.stage, participant_id=participant_id)
        .first()
    )
    if seat is None:
        raise DebateError(f"participant {participant_id} has no seat in these groups")
    return seat.room


def _apply(
    row: Formation,
    change: Callable[[plan.Formation, plan.History], plan.Formation],
    participant_ids: Sequence[int],
) -> None:
    before = _load(row)
    try:
        history = _history(
            session=row.session,
            participant_ids=[*before.students, *participant_ids],
            exclude_formation_id=row.pk,
            exclude_stage=row.stage,
        )
        after = change(before, history)
    except plan.FormationError as error:
        raise DebateError(str(error)) from error
    changed = {
        new.index
        for old, new in zip(before.debates, after.debates, strict=True)
        if old.teams != new.teams
    }
    _rooms_write(row, after, debates=changed)
    _rules_save(row, after)
    state_changed(session_id=row.session_id, audience=Audience.EVERYONE)


@transaction.atomic
def seat_swap(*, formation_id: int, participant_a: int, participant_b: int) -> Formation:
    """Exchange two participants' seats: each takes the other's team and roles."""
    row = _formation_locked(formation_id)
    _require_prep([_room_of(row, participant_a), _room_of(row, participant_b)], "swap")
    _apply(row, lambda f, _h: plan.students_swap(f, participant_a, participant_b), [])
    return row


@transaction.atomic
def seat_move(*, formation_id: int, participant_id: int, room_id: int, side: str) -> Formation:
    """Move a participant to the team on ``side`` of a room; both teams' roles re-derived."""
    row = _formation_locked(formation_id)
    target = row.rooms.filter(pk=room_id).first()
    if target is None:
        raise DebateError(f"debate room {room_id} is not in these groups")
    if target.stage != row.stage:
        raise DebateError(f"debate {target.number} is over: move students in the debates now")
    _require_prep([_room_of(row, participant_id), target], "move")
    if side not in plan.SIDES:
        raise DebateError(f"a side is 'for' or 'against', not {side!r}")
    _apply(
        row,
        lambda f, h: plan.student_move(
            f, participant_id, debate=target.number - 1, side=side, history=h
        ),
        [],
    )
    return row


@transaction.atomic
def late_arrival_place(*, formation_id: int, participant_id: int) -> Seat:
    """Seat a participant who joined after the groups were formed, in the smallest team of a
    debate still preparing; that team's roles are re-derived."""
    row = _formation_locked(formation_id)
    _participants_of(row.session, [participant_id])
    if row.seats.filter(stage=row.stage, participant_id=participant_id).exists():
        raise DebateError(f"participant {participant_id} already has a seat")
    rooms = _rooms_now(row)
    open_rooms = [room.number - 1 for room in rooms if room.state == State.PREP]
    if not open_rooms:
        found = ", ".join(f"debate {room.number} is {room.state}" for room in rooms)
        raise DebateError(f"no debate is preparing ({found}); the late arrival is audience")
    _apply(
        row,
        lambda f, h: plan.late_arrival_place(f, participant_id, debates=open_rooms, history=h),
        [participant_id],
    )
    return row.seats.select_related("room", "team").get(
        stage=row.stage, participant_id=participant_id
    )


@transaction.atomic
def prep_start(*, formation_id: int, now: datetime | None = None) -> Formation:
    """Start the preparation countdown every phone and the projector show."""
    row = _formation_locked(formation_id)
    if row.prep_started_at is not None:
        raise DebateError(f"preparation already started at {row.prep_started_at:%H:%M:%S}")
    _require_prep(_rooms_now(row), "start the preparation")
    row.prep_started_at = _now(now)
    row.save(update_fields=["prep_started_at"])
    state_changed(session_id=row.session_id, audience=Audience.EVERYONE)
    return row
