"""The instructor's screens: courses, rosters, sign-in links, the dashboard and the projector.

Every view here needs a signed-in instructor of the course concerned; anyone else gets a 404
(or the login page), so the existence of other instructors' courses is not revealed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from .. import roster, selectors, services
from ..kinds.errors import BadInput, TransitionError
from ..kinds.inputs import parse_id
from ..kinds.registry import manage_url
from ..kinds.screens import BOARD_FRAGMENTS, BOARD_SCREENS, answer_board, board_context, public_base
from ..models import LiveSession
from ..qr import qr_svg

ROSTER_MAX_BYTES = 1_000_000


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    courses = selectors.courses_for_instructor(user=request.user).prefetch_related("lessons")
    open_sessions = (
        LiveSession.objects.filter(lesson__course__instructors=request.user)
        .exclude(status=LiveSession.Status.ENDED)
        .select_related("lesson")
    )
    return render(
        request, "classroom/teach_home.html", {"courses": courses, "open_sessions": open_sessions}
    )


@require_GET
@login_required
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_for_instructor(user=request.user, course_id=course_id)
    open_sessions = list(selectors.open_sessions_for_course(course_id=course.pk))
    newest = {}
    for s in open_sessions:  # newest first
        newest.setdefault(s.lesson_id, s.pk)
    return render(
        request,
        "classroom/course.html",
        {
            "course": course,
            "students": course.students.all(),
            "lessons": [
                (lesson, [(a, manage_url(a)) for a in lesson.activities.all()])
                for lesson in course.lessons.prefetch_related("activities")
            ],
            # Each open session, and whether a newer one of its lesson is open too.
            "open_sessions": [(s, newest[s.lesson_id] != s.pk) for s in open_sessions],
            "base_url": public_base(request),
        },
    )


@require_POST
@login_required
def roster_import(request: HttpRequest, course_id: int) -> HttpResponse:
    """Upload a CSV (preview), then confirm the same text (import). Nothing saved before."""
    course = selectors.course_for_instructor(user=request.user, course_id=course_id)
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > ROSTER_MAX_BYTES:
            messages.error(request, "That file is larger than 1 MB: is it really a roster?")
            return redirect("classroom:course", course_id=course.pk)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, "That file is not UTF-8 text: save it from Excel as CSV UTF-8.")
            return redirect("classroom:course", course_id=course.pk)
    else:
        text = request.POST.get("csv_text", "")
    parsed = roster.roster_parse(text)
    if request.POST.get("confirm") == "yes" and parsed.ok:
        result = services.roster_import(course=course, rows=parsed.rows)
        messages.success(
            request,
            f"Roster imported: {result.created} added, {result.updated} updated, "
            f"{result.unchanged} unchanged.",
        )
        return redirect("classroom:course", course_id=course.pk)
    known = set(course.students.values_list("student_number", flat=True))
    return render(
        request,
        "classroom/roster_preview.html",
        {
            "course": course,
            "parsed": parsed,
            "csv_text": text,
            "new_numbers": {row.student_number for row in parsed.rows} - known,
        },
        status=200 if parsed.ok else 400,
    )


@require_GET
@login_required
def signin_cards(request: HttpRequest, course_id: int) -> HttpResponse:
    """Printable cards: each student's name and the QR of their personal link."""
    course = selectors.course_for_instructor(user=request.user, course_id=course_id)
    base = public_base(request)
    links = [(s, f"{base}/s/{s.signin_token}/") for s in course.students.exclude(signin_token=None)]
    cards = [{"student": s, "url": url, "qr": qr_svg(url)} for s, url in links]
    return render(request, "classroom/signin_cards.html", {"course": course, "cards": cards})


@require_POST
@login_required
def signin_links_email(request: HttpRequest, course_id: int) -> HttpResponse:
    course = selectors.course_for_instructor(user=request.user, course_id=course_id)
    sent = services.signin_links_email(course=course, base_url=public_base(request))
    messages.success(request, f"Sign-in links emailed to {sent} students.")
    return redirect("classroom:course", course_id=course.pk)


@require_POST
@login_required
def signin_link_change(request: HttpRequest, student_id: int) -> HttpResponse:
    student = selectors.student_for_instructor(user=request.user, student_id=student_id)
    action = request.POST.get("action")
    if action == "revoke":
        services.signin_link_revoke(student=student)
        messages.success(request, f"{student.name}'s link no longer works.")
    elif action == "reissue":
        services.signin_link_reissue(student=student)
        messages.success(request, f"{student.name} has a new link; the old one no longer works.")
    else:
        messages.error(request, "Choose revoke or reissue.")
    return redirect("classroom:course", course_id=student.course_id)


@require_POST
@login_required
def session_start(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = selectors.lesson_for_instructor(user=request.user, lesson_id=lesson_id)
    session = services.live_session_start(lesson_id=lesson.pk, user=request.user)
    return redirect("classroom:dashboard", session_id=session.pk)


@require_GET
@login_required
def dashboard(request: HttpRequest, session_id: int) -> HttpResponse:
    """The instructor's controls; ``?end=confirm`` asks whether to end the class (the second
    step of "End session" in a browser without JavaScript, which has no dialog)."""
    session = selectors.session_for_instructor(user=request.user, session_id=session_id)
    ctx = board_context(request, session, "dashboard")
    is_open = ctx["session"].is_open
    ctx["older_sessions"] = list(selectors.sessions_open_older(session=session)) if is_open else []
    ctx["confirm_end"] = is_open and request.GET.get("end") == "confirm"
    return render(request, "classroom/dashboard.html", ctx)


@require_GET
@login_required
def projector(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_for_instructor(user=request.user, session_id=session_id)
    return render(request, "classroom/projector.html", board_context(request, session, "projector"))


@require_GET
@login_required
@vary_on_headers("HX-Request")
def screen_poll(request: HttpRequest, session_id: int, screen: str) -> HttpResponse:
    if screen not in BOARD_SCREENS:
        return HttpResponse(status=404)
    session = selectors.session_for_instructor(user=request.user, session_id=session_id)
    if request.GET.get("v") == selectors.board_version(join_code=session.join_code):
        return HttpResponse(status=204)
    return render(request, BOARD_FRAGMENTS[screen], board_context(request, session, screen))


@require_POST
@login_required
def session_control(request: HttpRequest, session_id: int) -> HttpResponse:
    """Next, back, jump to an activity, end (confirmed), or end the lesson's older open
    sessions: the dashboard's buttons."""
    session = selectors.session_for_instructor(user=request.user, session_id=session_id)
    action = request.POST.get("action", "")
    if action == "end" and request.POST.get("confirm") != "yes":
        # Ending is final: it takes a second, confirming step (the dashboard's dialog, or
        # its confirming form without JavaScript).
        confirm_url = f"{reverse('classroom:dashboard', args=[session.pk])}?end=confirm"
        return HttpResponseClientRedirect(confirm_url) if request.htmx else redirect(confirm_url)
    error = None
    try:
        if action == "next":
            session = services.live_session_next(session=session)
        elif action == "back":
            session = services.live_session_back(session=session)
        elif action == "end":
            session = services.live_session_end(session=session)
        elif action == "end-older":
            ended = services.live_sessions_end_older(session=session)
            messages.success(request, f"Ended {len(ended)} older session{pluralize(len(ended))}.")
        elif action == "goto":
            activity_id = parse_id(request.POST.get("activity"), what="an activity of the agenda")
            session = services.live_session_goto(session=session, activity_id=activity_id)
        elif action == "part":
            part = parse_id(request.POST.get("part"), what="a part of the slide")
            session = services.live_session_part(session=session, part=part)
        else:
            raise TransitionError(f"unknown action {action!r}")
    except (TransitionError, BadInput) as exc:
        error = str(exc)
    return answer_board(request, session, error=error)
