"""Between the rows and the pure formation: the history rotation reads, a formation's settings,
one stage's seats loaded as a :class:`debates.formation.Formation`, and a result written back."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from classroom.models import LiveSession, Participant

from .. import formation as plan
from .. import timing
from ..models import DebateRoom, Formation, Seat, Team


def _history(
    *,
    session: LiveSession,
    participant_ids: Sequence[int],
    exclude_formation_id: int | None,
    exclude_stage: int | None = None,
) -> plan.History:
    """Earlier seats of these participants: in this course's earlier sessions for rostered
    students, and in this session's other debates for everyone. The seats of
    ``exclude_formation_id`` are left out (only its ``exclude_stage`` when given)."""
    present = set(participant_ids)
    by_student = dict(
        Participant.objects.filter(pk__in=present, student__isnull=False).values_list(
            "student_id", "pk"
        )
    )
    seats = (
        Seat.objects.filter(
            Q(
                participant__student_id__in=list(by_student),
                formation__session__lesson__course_id=session.lesson.course_id,
            )
            | Q(participant_id__in=present)
        )
        .exclude(
            Q(formation_id=exclude_formation_id)
            & (Q(stage=exclude_stage) if exclude_stage is not None else Q())
        )
        .values_list(
            "team_id", "participant_id", "participant__student_id", "roles", "formation_id"
        )
    )
    rows = list(seats)
    role_names = {
        pk: [role["name"] for role in roles]
        for pk, roles in Formation.objects.filter(pk__in={row[4] for row in rows}).values_list(
            "pk", "roles"
        )
    }
    teams: dict[int, list[tuple[int, list[str]]]] = {}
    for team_id, participant_id, student_id, roles, formation_id in rows:
        current = by_student.get(student_id) if student_id is not None else None
        if current is None and participant_id in present:
            current = participant_id
        if current is None:
            continue
        names = role_names[formation_id]
        teams.setdefault(team_id, []).append((current, [names[p] for p in roles]))
    return plan.History.from_teams(teams.values())


def _settings(row: Formation) -> plan.Settings:
    return plan.Settings(
        roles=tuple(role["name"] for role in row.roles),
        group_size=row.group_size,
        motions=len(row.motions),
    )


def _rooms_write(row: Formation, result: plan.Formation, *, debates: set[int] | None) -> None:
    """Write the seats of ``debates`` (all when None) from a pure formation.

    Rooms and teams are created when missing; the seats of a rewritten room are replaced.
    """
    names = [role["name"] for role in row.roles]
    seconds = [role["seconds"] for role in row.roles]
    stage = result.stage + 1
    rooms = {room.number: room for room in row.rooms.all()}
    new_seats: list[Seat] = []
    for debate in result.debates:
        if debates is not None and debate.index not in debates:
            continue
        room = rooms.get(debate.index + 1)
        if room is None:
            room = DebateRoom.objects.create(
                formation=row,
                number=debate.index + 1,
                stage=stage,
                motion_position=debate.motion,
                motion=row.motions[debate.motion],
                grace_seconds=row.activity.debate.grace_seconds,
            )
        else:
            room.seats.all().delete()
        team_rows = {
            side: Team.objects.get_or_create(room=room, side=side)[0] for side in plan.SIDES
        }
        order = timing.speaking_order(
            [timing.SpeakingSeat(key=s.student, roles=s.roles) for s in debate.for_team.seats],
            [timing.SpeakingSeat(key=s.student, roles=s.roles) for s in debate.against_team.seats],
            len(names),
        )
        position = {student: index for index, student in enumerate(order)}
        for team in debate.teams:
            for seat in team.seats:
                new_seats.append(
                    Seat(
                        formation=row,
                        stage=stage,
                        room=room,
                        team=team_rows[team.side],
                        participant_id=seat.student,
                        roles=list(seat.roles),
                        role_label=plan.role_label(seat.roles, names),
                        order=position[seat.student],
                        seconds=sum(seconds[p] for p in seat.roles),
                    )
                )
    Seat.objects.bulk_create(new_seats)


def _load(row: Formation, stage: int | None = None) -> plan.Formation:
    """The pure formation of one stage of a row (the stage under way unless given)."""
    stage = row.stage if stage is None else stage
    settings = _settings(row)
    seats_by_team: dict[int, list[plan.Seat]] = {}
    for seat in row.seats.filter(stage=stage):
        seats_by_team.setdefault(seat.team_id, []).append(
            plan.Seat(student=seat.participant_id, roles=tuple(seat.roles))
        )
    debates = []
    for room in row.rooms.filter(stage=stage).prefetch_related("teams"):
        teams = {
            team.side: plan.Team(
                debate=room.number - 1,
                side=team.side,
                seats=tuple(
                    sorted(seats_by_team.get(team.pk, []), key=lambda s: (s.roles, s.student))
                ),
            )
            for team in room.teams.all()
        }
        debates.append(
            plan.Debate(
                index=room.number - 1,
                motion=room.motion_position,
                for_team=teams["for"],
                against_team=teams["against"],
            )
        )
    return plan.Formation(
        seed=row.seed,
        settings=settings,
        debates=tuple(debates),
        rules=(),
        stage=stage - 1,
        stages=row.stages,
    )
