"""The debate as an activity kind of a live lesson: what each screen is given to render.

Terms are those of :mod:`debates.formation` (team, side, seat, role), :mod:`debates.timing`
(speaking order, speech, grace) and :mod:`debates.voting` (round, swing). Here:

bell key
    Names one speech (room, position, start), so a projector rings its bell once per speech
    however often the element is re-rendered.

Countdowns (the prep clock, each speech's clock) are :class:`classroom.kinds.Countdown` values,
and the vote is the core's stacked bar chart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from classroom.kinds import (
    ActivityKind,
    Countdown,
    RowIn,
    SegmentIn,
    participants_of,
    register,
    stacked_chart,
)
from classroom.kinds.charts import BLUE, GREY, VERMILLION, Chart

from . import formation as plan
from . import selectors, services, voting
from .demo import demo_debate_configure
from .models import DEBATE_KIND, DebateRoom
from .selectors import RoomView

State = DebateRoom.State
UNDER_WAY = (State.RUNNING, State.PAUSED)


def prep_clock(*, started_at: float | None, seconds: int, server_now: float) -> Countdown:
    if started_at is None:
        return Countdown.frozen(seconds * 1000, now=server_now)
    return Countdown.until(started_at + seconds, now=server_now)


@dataclass(frozen=True)
class SpeechClock(Countdown):
    """A speech's countdown and, while it runs, when the speech is over on the server: its
    allotted time and the grace after it (``ends_ms``, epoch milliseconds). Past that a phone
    stops counting it (live.js, ``data-ends``): the next poll brings the next speaker, and
    until then the phone shows no clock for a speaker who may no longer be speaking."""

    ends_ms: int | None = None

    @property
    def is_over(self) -> bool:
        return self.ends_ms is not None and self.server_ms >= self.ends_ms


def speech_clock(timer: dict[str, Any]) -> SpeechClock | None:
    """The countdown of a room's current speech; None when no speech is under way."""
    status, now = timer["status"], timer["server_now"]
    if status == "running":
        ends = timer["started_at"] + timer["paused_seconds"] + timer["allotted_seconds"]
        clock = Countdown.until(ends, now=now)
        return SpeechClock(
            deadline_ms=clock.deadline_ms,
            frozen_ms=None,
            server_ms=clock.server_ms,
            ends_ms=clock.deadline_ms + timer["grace_seconds"] * 1000,
        )
    if status == "paused":
        clock = Countdown.frozen(timer["remaining"] * 1000, now=now)
        return SpeechClock(deadline_ms=None, frozen_ms=clock.frozen_ms, server_ms=clock.server_ms)
    return None


def speaking_time_text(seconds: int) -> str:
    """A seat's speaking time as a person says it: "1 minute", "90 seconds", "2 min 30 s"."""
    minutes, rest = divmod(seconds, 60)
    if not minutes or (minutes == 1 and rest):
        return f"{seconds} seconds"
    if not rest:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{minutes} min {rest} s"


def next_stage_label(board: selectors.BoardView) -> str:
    """The dashboard's button that begins the next stage: "Start the second motion: debate 2"."""
    per_stage = len(board.rooms)
    first = board.stage * per_stage + 1
    if per_stage == 1:
        # One debate at a time: stage n debates motion n.
        return f"Start the {plan.ordinal(board.stage + 1)} motion: debate {first}, roles rotate"
    return f"Start debates {first} to {first + per_stage - 1}: the next motions, roles rotate"


@dataclass(frozen=True)
class VoteChart:
    """The before/after chart of a room's vote and the swing it shows."""

    chart: Chart
    counted: int
    voted_once: int
    swing_for: float
    swing_against: float
    winner: str | None

    @property
    def swing_for_text(self) -> str:
        return points_text(self.swing_for)

    @property
    def swing_against_text(self) -> str:
        return points_text(self.swing_against)


def points_text(points: float) -> str:
    """A swing in percentage points with its sign: "+50 pts", "−25 pts", "±0 pts"."""
    shown = f"{abs(points):.1f}".removesuffix(".0")
    if shown == "0":
        return "±0 pts"
    return f"{'+' if points > 0 else '−'}{shown} pts"


# Each choice's word, its letter where its segment is narrow, and its colour of the palette.
_CHOICES = (("for", "For", "F", BLUE), ("undecided", "Undecided", "U", GREY),
            ("against", "Against", "A", VERMILLION))  # fmt: skip


def vote_chart(result: voting.VoteResult, *, number: int) -> VoteChart | None:
    """Stacked bars, one per round, each segment labelled in words (or its letter when narrow)
    so the chart does not rely on colour. None until somebody voted in both rounds."""
    if not result.counted:
        return None
    rows = [
        RowIn(
            label=name,
            segments=tuple(
                SegmentIn(word=word, letter=letter, count=tally.counts[choice], colour_index=colour)
                for choice, word, letter, colour in _CHOICES
            ),
        )
        for name, tally in (("Before", result.before), ("After", result.after))
    ]
    return VoteChart(
        chart=stacked_chart(rows, title=f"Debate {number} vote before and after"),
        counted=result.counted,
        voted_once=result.voted_once,
        swing_for=round(result.swing_points("for"), 1),
        swing_against=round(result.swing_points("against"), 1),
        winner=result.winner,
    )


@dataclass(frozen=True)
class RoomScreen:
    """A room as the screens draw it: the selector's view plus its clock and its vote."""

    view: RoomView
    clock: Countdown | None
    bell_key: str
    grace_seconds: int
    votes: dict[str, int]
    chart: VoteChart | None
    chair_name: str

    @property
    def state_label(self) -> str:
        return str(State(self.view.state).label)

    @property
    def spoken_count(self) -> int:
        return sum(1 for s in self.view.order if s.spoken)

    @property
    def not_spoken(self) -> list[str]:
        return [s.name for s in self.view.order if not s.spoken]


def _room_screens(
    rooms: tuple[RoomView, ...], *, names: dict[int, str], with_votes: bool
) -> list[RoomScreen]:
    counts = selectors.vote_counts(room_ids=[r.room_id for r in rooms]) if with_votes else {}
    screens = []
    for room in rooms:
        votes = counts.get(room.room_id, {"before": 0, "after": 0})
        chart = None
        if with_votes and votes["after"] and room.vote_open != "after":
            chart = vote_chart(selectors.vote_results(room_id=room.room_id), number=room.number)
        timer = room.timer
        screens.append(
            RoomScreen(
                view=room,
                clock=speech_clock(timer),
                bell_key=f"{room.room_id}-{timer['position']}-{timer['started_at']}-{timer['added_seconds']}",
                grace_seconds=timer["grace_seconds"],
                votes=votes,
                chart=chart,
                chair_name=names.get(room.chair_id, "") if room.chair_id else "",
            )
        )
    return screens


def _board_context(*, session, activity, screen: str, request) -> dict[str, Any]:
    board = selectors.debate_board(session_id=session.pk, activity_id=activity.pk)
    setup = selectors.debate_setup(activity_id=activity.pk)
    ctx: dict[str, Any] = {"board": board, "setup": setup, "debate_error": None}
    participants = list(participants_of(session=session))
    names = {p.pk: p.display_name for p in participants}
    ctx["participant_count"] = len(participants)
    if board is None:
        ctx["schedule"] = selectors.debate_schedule(setup=setup, students=len(participants))
        return ctx
    rooms = _room_screens(board.rooms, names=names, with_votes=True)
    seated = {s.participant_id for r in board.rooms for s in r.order}
    all_prep = all(r.view.state == State.PREP for r in rooms)
    all_finished = all(r.view.state == State.FINISHED for r in rooms)
    ctx.update(
        next_stage=next_stage_label(board) if board.next_stage_ready else "",
        lesson_over=all_finished and board.stage >= board.stages,
        stage_ordinal=plan.ordinal(board.stage),
        next_stage_ordinal=plan.ordinal(board.stage + 1),
    )
    ctx.update(
        rooms=rooms,
        prep=prep_clock(
            started_at=board.prep_started_at,
            seconds=board.prep_seconds,
            server_now=board.server_now,
        ),
        all_prep=all_prep,
        under_way=not all_prep,
        all_finished=all_finished,
        rooms_class=f"rooms-{len(rooms)}" if len(rooms) <= 3 else "rooms-many",
        # What the projector has room for with every text large enough for the back row (up to
        # three debates; four or more share the screen at a smaller size, see the CSS).
        # Three debates or more: each motion once, above them.
        # The speaking order: one or two debates (with each speaker's role in one); beyond that
        # the next speaker only.
        # The teams while preparing, with their roles: one debate, or two of teams up to five.
        order_shown=len(rooms) <= 2,
        order_roles=len(rooms) == 1,
        prep_roles=len(rooms) == 1
        or (len(rooms) == 2 and max(len(t.members) for r in rooms for t in r.view.teams) <= 5),
        motions_once=sorted(
            {(r.view.motion_position + 1, r.view.motion) for r in rooms} if len(rooms) >= 3 else ()
        ),
    )
    if screen == "dashboard":
        ctx.update(
            seated=sorted(
                (
                    (s.name, s.participant_id, r.view.number, s.side, s.role_label)
                    for r in rooms
                    for s in r.view.order
                ),
            ),
            unseated=[p for p in participants if p.pk not in seated],
            participants=participants,
            never_spoke=selectors.never_spoke(session_id=session.pk),
            earlier=_room_screens(board.earlier, names=names, with_votes=True),
        )
    return ctx


def phone_context(*, participant, activity, request) -> dict[str, Any]:
    view = selectors.debate_phone(participant=participant, activity_id=activity.pk)
    ctx: dict[str, Any] = {"me": view}
    if view is None:
        return ctx
    rooms = ([view.room] if view.room is not None else []) + list(view.audience_of)
    screens = {r.view.room_id: r for r in _room_screens(tuple(rooms), names={}, with_votes=False)}
    ctx.update(
        my_room=screens.get(view.room.room_id) if view.room is not None else None,
        watching=[screens[r.room_id] for r in view.audience_of if r.state in UNDER_WAY],
        chair_rooms=[screens[pk] for pk in view.chair_of if pk in screens],
        prep=prep_clock(
            started_at=view.prep_started_at,
            seconds=view.prep_seconds,
            server_now=view.server_now,
        ),
        preparing=view.room is not None and view.room.state == State.PREP,
        my_time=speaking_time_text(view.seat.seconds) if view.seat is not None else "",
        next_stage_ordinal=plan.ordinal(view.stage + 1) if view.stage < view.stages else "",
    )
    return ctx


def debate_context(*, session, activity, screen, participant, request) -> dict[str, Any]:
    if screen == "phone":
        ctx = phone_context(participant=participant, activity=activity, request=request)
        ctx["chair_url_code"] = session.join_code
        return ctx
    return _board_context(session=session, activity=activity, screen=screen, request=request)


def debate_on_open(*, session, activity) -> None:
    """Opening the debate gives it its settings (the defaults) if it has none yet."""
    services.debate_config_ensure(activity=activity)


DEBATE = register(
    ActivityKind(
        key=DEBATE_KIND,
        label="Debate",
        template="debates/debate.html",
        context=debate_context,
        on_open=debate_on_open,
        configure_demo=demo_debate_configure,
        scripts=("debates/debates.js",),
        styles=("debates/debates.css",),
    )
)
