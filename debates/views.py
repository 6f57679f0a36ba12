"""The debate's controls: the instructor's dashboard buttons, a chair's phone, audience votes.

Instructor views need a signed-in instructor of the course (404 for anyone else, the login page
for nobody) and answer the dashboard's fragment. Phone views find the participant from the
browser's session, never from the form, and answer the phone's fragment. A refused step answers
400 with the fragment showing the message, which ``live.js`` swaps in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.views.decorators.http import require_POST

from classroom.kinds import (
    BadInput,
    PhoneVisit,
    answer_board,
    answer_phone,
    instructor_session,
    parse_id,
    phone_view,
)
from classroom.models import LiveSession

from . import selectors, services
from .services import DebateError

TIMER_STEPS: dict[str, Callable[..., object]] = {
    "start": services.debate_start,
    "pause": services.debate_pause,
    "resume": services.debate_resume,
    "next": services.debate_next,
    "back": services.debate_back,
    "add": services.debate_add_time,
    "end": services.debate_end,
}


def _id(raw: str | None, what: str) -> int:
    try:
        return parse_id(raw, what=what)
    except BadInput as exc:
        raise DebateError(str(exc)) from None


def _dashboard_answer(
    request: HttpRequest, session: LiveSession, error: str | None, scope: str | int
) -> HttpResponse:
    # The debate's partial draws the message beside the controls it concerns.
    extra = {"debate_error": error, "debate_error_scope": scope} if error else None
    return answer_board(request, session, error=error, activity_extra=extra)


def _phone_answer(request: HttpRequest, visit: PhoneVisit, error: str | None) -> HttpResponse:
    return answer_phone(request, visit, extra={"debate_error": error}, status=400 if error else 200)


def _groups_step(*, session_id: int, activity_id: int, action: str, form: Mapping) -> None:
    if action == "form":
        services.groups_form(session_id=session_id, activity_id=activity_id)
        return
    formation_id = selectors.formation_id_of(session_id=session_id, activity_id=activity_id)
    if formation_id is None:
        raise DebateError("the groups are not formed yet: press Form groups first")
    if action == "reshuffle":
        services.groups_reshuffle(formation_id=formation_id)
    elif action == "prep":
        services.prep_start(formation_id=formation_id)
    elif action == "next-stage":
        services.stage_advance(formation_id=formation_id)
    elif action == "swap":
        a = _id(form.get("a"), "the first student to swap")
        b = _id(form.get("b"), "the second student to swap")
        if a == b:
            raise DebateError("choose two different students to swap")
        services.seat_swap(formation_id=formation_id, participant_a=a, participant_b=b)
    elif action == "move":
        participant_id = _id(form.get("participant"), "a student to move")
        room, _, side = (form.get("target") or "").partition(":")
        room_id = _id(room, "the team to move them to")
        services.seat_move(
            formation_id=formation_id, participant_id=participant_id, room_id=room_id, side=side
        )
    elif action == "late":
        participant_id = _id(form.get("participant"), "the late arrival to place")
        services.late_arrival_place(formation_id=formation_id, participant_id=participant_id)
    else:
        raise DebateError(f"unknown action {action!r}")


@require_POST
@login_required
def groups_change(request: HttpRequest, session_id: int, activity_id: int) -> HttpResponse:
    """Form the groups, re-shuffle, swap, move, place a late arrival, start the prep, begin
    the next motion when the motions are debated one after the other."""
    session = instructor_session(request, session_id)
    error = None
    try:
        _groups_step(
            session_id=session.pk,
            activity_id=activity_id,
            action=request.POST.get("action", ""),
            form=request.POST,
        )
    except DebateError as exc:
        error = str(exc)
    return _dashboard_answer(request, session, error, "groups")


def _room_step(*, room_id: int, action: str, form: Mapping, may_assign_chair: bool) -> None:
    if action in TIMER_STEPS:
        TIMER_STEPS[action](room_id=room_id)
    elif action in ("vote-before", "vote-after"):
        services.vote_open(room_id=room_id, vote_round=action.removeprefix("vote-"))
    elif action == "vote-close":
        services.vote_close(room_id=room_id)
    elif action == "chair" and may_assign_chair:
        raw = (form.get("chair") or "").strip()
        chair = _id(raw, "a participant to chair") if raw else None
        services.chair_assign(room_id=room_id, participant_id=chair)
    else:
        raise DebateError(f"unknown action {action!r}")


@require_POST
@login_required
def room_control(request: HttpRequest, room_id: int) -> HttpResponse:
    """A debate's timer, votes and chair, from the instructor's dashboard."""
    room = selectors.room_for_instructor(user=request.user, room_id=room_id)
    error = None
    try:
        _room_step(
            room_id=room.pk,
            action=request.POST.get("action", ""),
            form=request.POST,
            may_assign_chair=True,
        )
    except DebateError as exc:
        error = str(exc)
    return _dashboard_answer(request, room.formation.session, error, room.pk)


@require_POST
@phone_view
def chair_control(request: HttpRequest, visit: PhoneVisit, room_id: int) -> HttpResponse:
    """A debate's timer and votes from the phone of the student who chairs it."""
    if not selectors.room_controllable_by(room_id=room_id, participant_id=visit.participant.pk):
        return HttpResponseForbidden("Only the chair of this debate can run it from a phone.")
    error = None
    try:
        _room_step(
            room_id=room_id,
            action=request.POST.get("action", ""),
            form=request.POST,
            may_assign_chair=False,
        )
    except DebateError as exc:
        error = str(exc)
    return _phone_answer(request, visit, error)


@require_POST
@phone_view
def vote(request: HttpRequest, visit: PhoneVisit, room_id: int) -> HttpResponse:
    """An audience member's vote: for, against or undecided; a second vote replaces the first."""
    error = None
    try:
        services.vote_cast(
            room_id=room_id,
            participant_id=visit.participant.pk,
            choice=request.POST.get("choice", ""),
        )
    except DebateError as exc:
        error = str(exc)
    return _phone_answer(request, visit, error)
