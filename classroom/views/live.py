"""The phone's side: joining, the live page, following the session, personal sign-in links."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from .. import identity, selectors, services, throttle
from ..kinds.registry import student_pages
from ..kinds.screens import PHONE_FRAGMENT, normalise_code, phone_context, phone_find
from ..models import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, LiveSession, Student


def _looks_like_code(code: str) -> bool:
    return len(code) == JOIN_CODE_LENGTH and all(c in JOIN_CODE_ALPHABET for c in code)


def _find_session(request: HttpRequest, code: str) -> tuple[LiveSession | None, str, int]:
    """The open session with ``code``, or the message and status to answer with.

    A device past its allowance of wrong codes is refused any code, without a look-up; an
    address past its (much higher) ceiling is refused wrong codes only (:mod:`..throttle`).
    """
    if throttle.device_blocked(request):
        return None, throttle.DEVICE_MESSAGE, 429
    session = selectors.session_open_by_code(join_code=code) if _looks_like_code(code) else None
    if session is None:
        return None, *_wrong_code(request, code)
    return session, "", 200


def _wrong_code(request: HttpRequest, code: str, *, new_device: bool = True) -> tuple[str, int]:
    """Count a wrong code; the message and status to answer it with."""
    throttle.join_failed(request, new_device=new_device)
    if throttle.address_blocked(request):
        return throttle.ADDRESS_MESSAGE, 429
    shown = code or "(empty)"
    return f"No class is running with the code {shown}. Check the screen.", 404


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Type a join code (the page students reach by typing the site's address)."""
    error = ""
    code = ""
    status = 200
    if request.method == "POST":
        code = normalise_code(request.POST.get("code", ""))
        session, error, status = _find_session(request, code)
        if session is not None:
            return redirect("classroom:join-code", code=session.join_code)
        status = 400 if status == 404 else status
    courses = identity.signed_in_course_ids(request)
    open_sessions = [
        s for cid in courses for s in selectors.open_sessions_for_course(course_id=cid)
    ]
    return render(
        request,
        "classroom/join.html",
        {"error": error, "code": code, "open_sessions": open_sessions},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """Where a QR code points: join as the signed-in student, or as a guest with a name."""
    code = normalise_code(code)
    session, error, status = _find_session(request, code)
    if session is None:
        return render(request, "classroom/join.html", {"error": error, "code": code}, status=status)
    if identity.current_participant(request, session) is not None:
        return redirect("classroom:live", code=session.join_code)
    course = session.lesson.course
    error = None
    name = ""
    if request.method == "POST":
        name = request.POST.get("display_name", "")
        try:
            if throttle.guest_join_blocked(request):
                raise services.JoinError(throttle.GUEST_MESSAGE)
            participant = services.participant_join_guest(session=session, display_name=name)
        except services.JoinError as exc:
            error = str(exc)
        else:
            identity.remember_participant(request, participant)
            throttle.guest_joined(request)
            return redirect("classroom:live", code=session.join_code)
    return render(
        request,
        "classroom/join_name.html",
        {"session": session, "course": course, "error": error, "name": name},
        status=400 if error else 200,
    )


@require_GET
def live(request: HttpRequest, code: str) -> HttpResponse:
    """A participant's phone page: the current activity, following every change."""
    visit = phone_find(request, code)
    if visit is None:
        return redirect("classroom:join-code", code=normalise_code(code))
    return render(
        request, "classroom/live.html", phone_context(request, visit.session, visit.participant)
    )


def _poll_refused(request: HttpRequest, code: str) -> HttpResponse:
    _message, status = _wrong_code(request, code, new_device=False)
    if status == 429:
        return HttpResponse(throttle.ADDRESS_MESSAGE, status=429)
    return HttpResponseClientRedirect(reverse("classroom:join"))


@require_GET
@vary_on_headers("HX-Request")
def live_poll(request: HttpRequest, code: str) -> HttpResponse:
    """204 while the version the phone shows is current; answered from the cache alone.

    Only a browser with a session cookie can be a joined phone: without one, or for a code no
    open session has that this browser never joined, the poll is a wrong code, counted and
    answered as the join page answers one (no look-up for a cookieless stranger).
    """
    code = normalise_code(code)
    seen = request.GET.get("v", "")
    if settings.SESSION_COOKIE_NAME not in request.COOKIES or not _looks_like_code(code):
        return _poll_refused(request, code)
    current = selectors.live_version(join_code=code)
    if current is not None and seen == str(current):
        return HttpResponse(status=204)
    if throttle.device_blocked(request):
        return HttpResponse(throttle.DEVICE_MESSAGE, status=429)
    if current is None and not identity.joined_code(request, code):
        return _poll_refused(request, code)
    visit = phone_find(request, code)
    if visit is None:
        return HttpResponseClientRedirect(reverse("classroom:join"))
    ctx = phone_context(request, visit.session, visit.participant, version=current)
    return render(request, PHONE_FRAGMENT, ctx)


@require_GET
def signin(request: HttpRequest, token: str) -> HttpResponse:
    """A personal sign-in link: remembers the student on this phone for the term."""
    student = Student.objects.select_related("course").filter(signin_token=token).first()
    if student is None:
        return render(
            request,
            "classroom/signin_invalid.html",
            status=404,
        )
    identity.remember_student(request, student)
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        # A link to one page (an email's "your feedback is ready") goes there, signed in.
        return redirect(target)
    open_sessions = list(selectors.open_sessions_for_course(course_id=student.course_id))
    if len(open_sessions) == 1:
        session = open_sessions[0]
        participant = services.participant_join_student(session=session, student=student)
        identity.remember_participant(request, participant)
        return redirect("classroom:live", code=session.join_code)
    return redirect("classroom:me")


@require_GET
def me(request: HttpRequest) -> HttpResponse:
    """A signed-in student's page: their courses and any class running now."""
    course_ids = identity.signed_in_course_ids(request)
    students = [
        s
        for s in (identity.signed_in_student(request, course_id=cid) for cid in course_ids)
        if s is not None
    ]
    rows = [
        (student, list(selectors.open_sessions_for_course(course_id=student.course_id)))
        for student in students
    ]
    template = "classroom/me.html#courses" if request.htmx else "classroom/me.html"
    pages = student_pages() if rows else []
    return render(request, template, {"rows": rows, "pages": pages})
