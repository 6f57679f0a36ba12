"""The three screens of a live session, and the helpers a kind's views answer with.

A phone shows ``classroom/live.html``; its ``#live`` fragment holds the current activity's
``phone`` partial. The dashboard and the projector show ``classroom/dashboard.html`` and
``classroom/projector.html``, whose ``#live`` fragments hold the ``dashboard`` and ``projector``
partials. A kind's view changes something, then answers with the whole re-rendered fragment of
the screen that asked (:func:`answer_phone`, :func:`answer_board`), or with a redirect to that
screen's page when the request was a plain form post (a browser without JavaScript).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, Literal

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from classroom import identity, selectors
from classroom.lan import is_loopback, lan_address
from classroom.models import Activity, LiveSession, Participant
from classroom.qr import qr_svg
from classroom.versions import board_version, live_version

from .registry import Recap, Screen, UnknownActivityKind, get_kind

BoardScreen = Literal["dashboard", "projector"]
BOARD_SCREENS: tuple[BoardScreen, ...] = ("dashboard", "projector")
PHONE_FRAGMENT = "classroom/live.html#live"
BOARD_FRAGMENTS: dict[BoardScreen, str] = {
    "dashboard": "classroom/dashboard.html#live",
    "projector": "classroom/projector.html#live",
}


def public_base(request: HttpRequest) -> str:
    """The site's address as phones reach it: ``PUBLIC_URL``, or the one this request used.

    A request to a loopback host (the projector opened on the laptop itself, at 127.0.0.1 or
    localhost) names an address no phone can reach: then it is this machine's LAN address, the
    one ``make run`` prints, with the request's port. A real deployment sets ``PUBLIC_URL``.
    """
    if settings.PUBLIC_URL:
        return settings.PUBLIC_URL
    used = request.build_absolute_uri("/").rstrip("/")
    domain, port = split_domain_port(request.get_host())
    address = lan_address() if is_loopback(domain) else None
    if address is None:
        return used
    return f"{request.scheme}://{address}{f':{port}' if port else ''}"


def normalise_code(raw: str) -> str:
    return "".join(raw.split()).upper()


# --- rendering the screens ---------------------------------------------------------------


def _activity_html(
    request: HttpRequest | None,
    session: LiveSession,
    screen: Screen,
    participant: Participant | None,
    extra: dict[str, object] | None,
) -> str:
    activity = session.current_activity if session.is_open else None
    if activity is None:
        return ""
    kind = get_kind(activity.kind)
    ctx = kind.build_context(
        session=session, activity=activity, screen=screen, participant=participant, request=request
    )
    ctx.update(extra or {})
    return render_to_string(kind.partial(screen), ctx, request=request)


@dataclass(frozen=True)
class RecapRow:
    """A line of a phone's end-of-class page: an activity, and what the participant did in it."""

    activity: Activity
    label: str
    recap: Recap


def session_recaps(session: LiveSession, participant: Participant) -> list[RecapRow]:
    """What ``participant`` did in each activity of ``session``'s lesson, in agenda order,
    as each kind's ``recap`` tells it."""
    rows = []
    for activity in session.lesson.activities.order_by("position"):
        try:
            kind = get_kind(activity.kind)
        except UnknownActivityKind:
            continue
        if kind.recap is None:
            continue
        recap = kind.recap(session=session, activity=activity, participant=participant)
        if recap is not None:
            rows.append(RecapRow(activity=activity, label=kind.label, recap=recap))
    return rows


def phone_context(
    request: HttpRequest,
    session: LiveSession,
    participant: Participant,
    extra: dict[str, object] | None = None,
    version: int | None = None,
) -> dict[str, object]:
    """The phone page's context; ``extra`` reaches the activity's partial (a form's error).

    The version must be read before the session, so the page never shows an older state under
    a newer version (which would stop it from ever fetching the newer state): pass the version
    read before ``session`` was fetched, or none, and the session is read again after it.
    """
    if version is None:
        version = live_version(join_code=session.join_code)
        session = selectors.session_fresh(session_id=session.pk)
    elif not LiveSession.lesson.is_cached(session):
        session = selectors.session_fresh(session_id=session.pk)
    return {
        "session": session,
        "participant": participant,
        "activity": session.current_activity if session.is_open else None,
        "activity_html": _activity_html(request, session, "phone", participant, extra),
        "recaps": [] if session.is_open else session_recaps(session, participant),
        "version": version,
        "poll_url": reverse("classroom:live-poll", args=[session.join_code]),
    }


def board_context(
    request: HttpRequest,
    session: LiveSession,
    screen: BoardScreen,
    extra: dict[str, object] | None = None,
) -> dict[str, object]:
    """What the dashboard or projector shows; ``extra`` reaches the activity's partial."""
    # The version is read before the state it describes: a change committed in between then
    # shows as a newer state under an older version, which the next poll corrects, never as an
    # old state under the new version, which no poll would.
    version = board_version(join_code=session.join_code)
    session = selectors.session_fresh(session_id=session.pk)
    base = public_base(request)
    join_url = f"{base}{reverse('classroom:join-code', args=[session.join_code])}"
    participants = list(selectors.participants_of(session=session))
    agenda = list(session.lesson.activities.all())
    labels = {a.kind: get_kind(a.kind).label for a in agenda}
    return {
        "session": session,
        "lesson": session.lesson,
        "course": session.lesson.course,
        "participants": participants,
        "guest_count": sum(1 for p in participants if p.is_guest),
        "agenda": [(a, labels[a.kind]) for a in agenda],
        "activity": session.current_activity,
        "activity_html": _activity_html(request, session, screen, None, extra),
        "join_url": join_url,
        "join_host": base.split("://", 1)[-1],
        "qr": qr_svg(join_url),
        "version": version,
        "poll_url": reverse("classroom:screen-poll", args=[session.pk, screen]),
        "screen": screen,
    }


# --- who is asking ------------------------------------------------------------------------


@dataclass(frozen=True)
class PhoneVisit:
    """A phone in a live session: the session and the participant this browser plays in it."""

    session: LiveSession
    participant: Participant


def phone_find(request: HttpRequest, code: str) -> PhoneVisit | None:
    """This browser's participant in the live session with ``code`` (the newest, if an ended
    one had it too), or None. One query on the hot path (answers, polls)."""
    code = normalise_code(code)
    participant = identity.participant_by_code(request, code)
    if participant is not None:
        return PhoneVisit(session=participant.session, participant=participant)
    session = selectors.session_newest_by_code(join_code=code)
    if session is None:
        return None
    participant = identity.current_participant(request, session)
    return PhoneVisit(session=session, participant=participant) if participant else None


def phone_view[**P](
    view: Callable[Concatenate[HttpRequest, PhoneVisit, P], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Decorates a phone's view taking ``code`` from the URL: the view receives the
    :class:`PhoneVisit` instead. A browser that is not in that session is sent to the join
    page (a full-page redirect under htmx). The participant always comes from the browser's
    session, never from the form.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
        visit = phone_find(request, code)
        if visit is None:
            if request.htmx:
                return HttpResponseClientRedirect(reverse("classroom:join"))
            return redirect("classroom:join-code", code=normalise_code(code))
        return view(request, visit, *args, **kwargs)

    return wrapper


def instructor_session(request: HttpRequest, session_id: int) -> LiveSession:
    """The live session ``session_id`` if the signed-in user teaches its course; 404 otherwise,
    so that other instructors' sessions are not revealed. Use under ``@login_required``."""
    return selectors.session_for_instructor(user=request.user, session_id=session_id)


# --- answering an action ------------------------------------------------------------------


def answer_phone(
    request: HttpRequest,
    visit: PhoneVisit,
    *,
    extra: dict[str, object] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Answer a phone's action: its re-rendered ``#live`` fragment under htmx (``extra``
    reaches the activity's partial: a message, what was typed), a redirect to its page
    otherwise. A refusal answers 400 (or 409) with the fragment showing why; live.js swaps it."""
    if not request.htmx:
        return redirect("classroom:live", code=visit.session.join_code)
    ctx = phone_context(request, visit.session, visit.participant, extra)
    return render(request, PHONE_FRAGMENT, ctx, status=status)


def answer_board(
    request: HttpRequest,
    session: LiveSession,
    screen: BoardScreen = "dashboard",
    *,
    error: str | None = None,
    activity_extra: dict[str, object] | None = None,
) -> HttpResponse:
    """Answer an instructor's action: the screen's re-rendered ``#live`` fragment under htmx,
    a redirect to the dashboard otherwise (``error`` then becomes a message on that page).

    ``error`` shows above the session's controls, unless the kind draws it itself beside the
    controls it concerns: then pass it in ``activity_extra`` too. Either way a refused action
    answers 400.
    """
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("classroom:dashboard", session_id=session.pk)
    ctx = board_context(request, session, screen, activity_extra)
    if activity_extra is None:
        ctx["control_error"] = error
    return render(request, BOARD_FRAGMENTS[screen], ctx, status=400 if error else 200)
