"""Every non-trivial read of the debates app, as plain data for the live screens.

:func:`debate_board` serves the projector and the dashboard, :func:`debate_phone` a phone,
:func:`room_timer` a timer poll. Times are server seconds since the epoch, and each view
carries ``server_now`` so that a device can correct its own clock (see :mod:`debates.timing`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F
from django.utils import timezone

from classroom.kinds import taught_by
from classroom.models import Participant

from . import formation as plan
from . import timing, voting
from .models import DebateActivity, DebateRoom, Formation, Seat, Team, Vote
from .snapshots import timer_state


@dataclass(frozen=True)
class Speaker:
    """A seat in a room's speaking order."""

    seat_id: int
    participant_id: int
    name: str
    side: str
    role_label: str
    roles: tuple[int, ...]
    """Positions in the formation's roles."""
    seconds: int
    position: int
    spoken: bool
    current: bool


@dataclass(frozen=True)
class TeamView:
    side: str
    side_label: str
    members: tuple[Speaker, ...]
    """In the order of their roles."""


@dataclass(frozen=True)
class RoomView:
    room_id: int
    number: int
    stage: int
    motion: str
    motion_position: int
    """The motion's place in the formation's list, from 0."""
    state: str
    chair_id: int | None
    vote_open: str
    teams: tuple[TeamView, TeamView]
    order: tuple[Speaker, ...]
    speaking: Speaker | None
    next_up: Speaker | None
    timer: dict[str, Any]


@dataclass(frozen=True)
class BoardView:
    formation_id: int
    seed: int
    rules: tuple[str, ...]
    prep_seconds: int
    prep_started_at: float | None
    prep_remaining: float
    server_now: float
    rooms: tuple[RoomView, ...]
    """The rooms of the stage under way."""
    stage: int = 1
    stages: int = 1
    summary: str = ""
    """What the lesson does with its motions: "two debates one after the other: ..."."""
    earlier: tuple[RoomView, ...] = ()
    """The rooms of the stages before, as they were debated."""

    @property
    def next_stage_ready(self) -> bool:
        """Every debate of the stage is over and another stage follows."""
        return self.stage < self.stages and all(
            room.state == DebateRoom.State.FINISHED for room in self.rooms
        )


@dataclass(frozen=True)
class RoleBrief:
    name: str
    brief: str


@dataclass(frozen=True)
class VoteOpen:
    room_id: int
    number: int
    motion: str
    round: str
    my_choice: str | None


@dataclass(frozen=True)
class PhoneView:
    formation_id: int
    prep_started_at: float | None
    prep_remaining: float
    server_now: float
    room: RoomView | None
    """The room the participant speaks in; None for a participant without a seat."""
    seat: Speaker | None
    briefs: tuple[RoleBrief, ...]
    teammates: tuple[Speaker, ...]
    you_are_speaking: bool
    you_are_next: bool
    chair_of: tuple[int, ...]
    """Rooms whose controls this phone holds."""
    votes_open: tuple[VoteOpen, ...]
    """Rooms where the participant is audience and a vote is open."""
    audience_of: tuple[RoomView, ...] = ()
    """The rooms the participant does not speak in: they are its audience."""
    prep_seconds: int = 0
    stage: int = 1
    stages: int = 1
    earlier_seat: Speaker | None = None
    """The participant's seat in the stage before, when the motions run one after the other."""


def _seconds(moment: datetime | None) -> float | None:
    return moment.timestamp() if moment is not None else None


def _room_view(
    room: DebateRoom, seats: Sequence[Seat], sides: dict[int, str], now: float
) -> RoomView:
    state = timer_state(room, seats)
    under_way = room.state in (DebateRoom.State.RUNNING, DebateRoom.State.PAUSED)
    speakers = tuple(
        Speaker(
            seat_id=seat.pk,
            participant_id=seat.participant_id,
            name=seat.participant.display_name,
            side=sides[seat.team_id],
            role_label=seat.role_label,
            roles=tuple(seat.roles),
            seconds=seat.seconds,
            position=seat.order,
            spoken=seat.spoken,
            current=under_way and index == state.current,
        )
        for index, seat in enumerate(seats)
    )
    speaking = speakers[state.current] if under_way else None
    if room.state == DebateRoom.State.PREP:
        next_up = speakers[0] if speakers else None
    elif under_way and state.current + 1 < len(speakers):
        next_up = speakers[state.current + 1]
    else:
        next_up = None
    labels = dict(Team.Side.choices)
    teams = tuple(
        TeamView(
            side=side,
            side_label=str(labels[side]),
            members=tuple(
                sorted(
                    (s for s in speakers if s.side == side),
                    key=lambda s: (s.roles, s.position),
                )
            ),
        )
        for side in (Team.Side.FOR, Team.Side.AGAINST)
    )
    return RoomView(
        room_id=room.pk,
        number=room.number,
        stage=room.stage,
        motion=room.motion,
        motion_position=room.motion_position,
        state=room.state,
        chair_id=room.chair_id,
        vote_open=room.vote_open,
        teams=(teams[0], teams[1]),
        order=speakers,
        speaking=speaking,
        next_up=next_up,
        timer=timing.timer_snapshot(state, now),
    )


def _rooms(formation: Formation, now: float) -> tuple[RoomView, ...]:
    rooms = list(formation.rooms.all())
    seats_by_room: dict[int, list[Seat]] = {room.pk: [] for room in rooms}
    sides: dict[int, str] = {}
    for seat in (
        Seat.objects.filter(formation=formation)
        .select_related("participant", "team")
        .order_by("room_id", "order")
    ):
        seats_by_room[seat.room_id].append(seat)
        sides[seat.team_id] = seat.team.side
    return tuple(_room_view(room, seats_by_room[room.pk], sides, now) for room in rooms)


def _summary(formation: Formation, rooms: Sequence[RoomView]) -> str:
    per_stage = sum(1 for room in rooms if room.stage == 1)
    schedule = plan.Schedule(
        debates=max(per_stage, 1), stages=formation.stages, motions=len(formation.motions)
    )
    return schedule.summary


def _formation(*, session_id: int, activity_id: int) -> Formation | None:
    return Formation.objects.filter(session_id=session_id, activity_id=activity_id).first()


def _prep(formation: Formation, now: float) -> tuple[float | None, float]:
    started = _seconds(formation.prep_started_at)
    return started, timing.prep_remaining(started, formation.prep_seconds, now)


def debate_board(
    *, session_id: int, activity_id: int, now: datetime | None = None
) -> BoardView | None:
    """Every room of a debate activity in a session: teams, speaking order with ticks, timers.

    None before the groups are formed. Three queries.
    """
    formation = _formation(session_id=session_id, activity_id=activity_id)
    if formation is None:
        return None
    clock = (now or timezone.now()).timestamp()
    started, left = _prep(formation, clock)
    rooms = _rooms(formation, clock)
    return BoardView(
        formation_id=formation.pk,
        seed=formation.seed,
        rules=tuple(formation.rules),
        prep_seconds=formation.prep_seconds,
        prep_started_at=started,
        prep_remaining=left,
        server_now=clock,
        rooms=tuple(r for r in rooms if r.stage == formation.stage),
        stage=formation.stage,
        stages=formation.stages,
        summary=_summary(formation, rooms),
        earlier=tuple(r for r in rooms if r.stage < formation.stage),
    )


def debate_phone(
    *, participant: Participant, activity_id: int, now: datetime | None = None
) -> PhoneView | None:
    """What a participant's phone shows: their motion, side, role and its brief, team-mates,
    the speaker and whether they are next; or, as audience, the votes open to them.

    None before the groups are formed. Three queries; four while a vote is open.
    """
    formation = _formation(session_id=participant.session_id, activity_id=activity_id)
    if formation is None:
        return None
    clock = (now or timezone.now()).timestamp()
    started, left = _prep(formation, clock)
    every_room = _rooms(formation, clock)
    rooms = tuple(r for r in every_room if r.stage == formation.stage)
    room = next(
        (r for r in rooms if any(s.participant_id == participant.pk for s in r.order)), None
    )
    earlier_seat = next(
        (
            s
            for r in every_room
            if r.stage == formation.stage - 1
            for s in r.order
            if s.participant_id == participant.pk
        ),
        None,
    )
    seat = next(s for s in room.order if s.participant_id == participant.pk) if room else None
    briefs: tuple[RoleBrief, ...] = ()
    teammates: tuple[Speaker, ...] = ()
    if room is not None and seat is not None:
        team = next(t for t in room.teams if t.side == seat.side)
        teammates = tuple(s for s in team.members if s.participant_id != participant.pk)
        briefs = tuple(
            RoleBrief(name=formation.roles[p]["name"], brief=formation.roles[p]["brief"])
            for p in seat.roles
        )
    my_votes: dict[int, str] = {}
    if any(r.vote_open for r in rooms):
        my_votes = dict(
            Vote.objects.filter(
                participant=participant, room__formation=formation, round=F("room__vote_open")
            ).values_list("room_id", "choice")
        )
    votes_open = tuple(
        VoteOpen(
            room_id=r.room_id,
            number=r.number,
            motion=r.motion,
            round=r.vote_open,
            my_choice=my_votes.get(r.room_id),
        )
        for r in rooms
        if r.vote_open and r is not room
    )
    return PhoneView(
        formation_id=formation.pk,
        prep_started_at=started,
        prep_remaining=left,
        server_now=clock,
        room=room,
        seat=seat,
        briefs=briefs,
        teammates=teammates,
        you_are_speaking=bool(room and room.speaking and room.speaking.seat_id == seat.seat_id),
        you_are_next=bool(room and room.next_up and seat and room.next_up.seat_id == seat.seat_id),
        chair_of=tuple(r.room_id for r in rooms if r.chair_id == participant.pk),
        votes_open=votes_open,
        audience_of=tuple(r for r in rooms if r is not room),
        prep_seconds=formation.prep_seconds,
        stage=formation.stage,
        stages=formation.stages,
        earlier_seat=earlier_seat,
    )


def room_timer(*, room_id: int, now: datetime | None = None) -> dict[str, Any] | None:
    """The timer fields of one room (see :func:`debates.timing.timer_snapshot`). Two queries."""
    room = DebateRoom.objects.filter(pk=room_id).first()
    if room is None:
        return None
    seats = list(room.seats.order_by("order"))
    return timing.timer_snapshot(timer_state(room, seats), (now or timezone.now()).timestamp())


def formation_id_of(*, session_id: int, activity_id: int) -> int | None:
    """The id of the groups formed for a debate activity in a session, or None."""
    return (
        Formation.objects.filter(session_id=session_id, activity_id=activity_id)
        .values_list("pk", flat=True)
        .first()
    )


def debate_schedule(*, setup: DebateActivity | None, students: int) -> plan.Schedule | None:
    """What forming the groups from ``students`` present would do with the motions (see
    :func:`debates.formation.schedule_for`); None without a motion or with too few students.
    ``setup`` comes from :func:`debate_setup`, its motions prefetched."""
    if setup is None:
        return None
    motions = len(setup.motions.all())
    if not motions:
        return None
    try:
        return plan.schedule_for(
            students, plan.Settings(group_size=setup.group_size, motions=motions)
        )
    except plan.FormationError:
        return None


def debate_setup(*, activity_id: int) -> DebateActivity | None:
    """A debate activity's settings with its motions and roles prefetched; None if unset."""
    return (
        DebateActivity.objects.filter(activity_id=activity_id)
        .prefetch_related("motions", "roles")
        .first()
    )


def vote_counts(*, room_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many votes each room has in each round: ``{room_id: {"before": n, "after": m}}``."""
    counts: dict[int, dict[str, int]] = {pk: {"before": 0, "after": 0} for pk in room_ids}
    rows = (
        Vote.objects.filter(room_id__in=list(room_ids))
        .values_list("room_id", "round")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for room_id, round_name, n in rows:
        counts[room_id][round_name] = n
    return counts


def room_for_instructor(*, user: Any, room_id: int) -> DebateRoom:
    """A debate room of a course ``user`` teaches, with its session; 404 for anyone else."""
    rooms = DebateRoom.objects.select_related("formation__session")
    return taught_by(
        rooms,
        user=user,
        pk=room_id,
        course_path="formation__session__lesson__course",
        what="debate",
    )


def room_controllable_by(*, room_id: int, participant_id: int) -> bool:
    """True when this participant's phone chairs the room (holds its timer controls)."""
    return DebateRoom.objects.filter(pk=room_id, chair_id=participant_id).exists()


@dataclass(frozen=True)
class NeverSpoke:
    participant_id: int
    name: str
    seated: bool
    """False for a participant who never had a seat in any debate of the session."""


def never_spoke(*, session_id: int) -> list[NeverSpoke]:
    """Participants of a session who spoke in none of its debates, in joining order."""
    participants = list(
        Participant.objects.filter(session_id=session_id).values_list("pk", "display_name")
    )
    seats = Seat.objects.filter(formation__session_id=session_id)
    spoke = set(seats.filter(spoken=True).values_list("participant_id", flat=True))
    seated = set(seats.values_list("participant_id", flat=True))
    return [
        NeverSpoke(participant_id=pk, name=name, seated=pk in seated)
        for pk, name in participants
        if pk not in spoke
    ]


def vote_results(*, room_id: int) -> voting.VoteResult:
    """The swing of a room's audience vote, counting those who voted in both rounds and do
    not speak in the debate (a participant moved into the debate after voting is left out)."""
    speakers = Seat.objects.filter(room_id=room_id).values("participant_id")
    votes = Vote.objects.filter(room_id=room_id).exclude(participant_id__in=speakers)
    rounds: dict[str, dict[int, str]] = {"before": {}, "after": {}}
    for participant_id, round_name, choice in votes.values_list(
        "participant_id", "round", "choice"
    ):
        rounds[round_name][participant_id] = choice
    return voting.vote_result(rounds["before"], rounds["after"])  # type: ignore[arg-type]
