"""The instructor's side of the quiz: pacing the live run from the dashboard, the leaderboard
and speed-bonus switches, GIFT upload, self-paced runs, the results and the CSV export.

Every view needs a signed-in instructor of the quiz's course; anyone else gets a 404 (or the
login page). Writes answer the dashboard's ``#live`` fragment to htmx, a redirect otherwise.
"""

from __future__ import annotations

import csv
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from classroom.kinds import BOARD_SCREENS, answer_board, instructor_session

from .. import selectors, services
from ..forms import GiftUploadForm, SelfPacedForm, TimeLimitForm
from ..gift import gift_parse
from ..models import QuizRun
from ..tasks import question_close_due_schedule

FIRST_WORDS = 8
CONTROLS = {
    "open": services.question_open,
    "next": services.question_next,
}


def _dashboard(request: HttpRequest, run: QuizRun, error: str | None) -> HttpResponse:
    if run.session_id is None:
        # A self-paced run has no live session: its controls live on the quiz's page.
        if error:
            messages.error(request, error)
        return redirect("quizzes:quiz", quiz_id=run.quiz_id)
    return answer_board(request, instructor_session(request, run.session_id), error=error)


@require_POST
@login_required
def run_control(request: HttpRequest, run_id: int) -> HttpResponse:
    """Open the first question, close, reveal, or move to the next (with a time limit)."""
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    action = request.POST.get("action", "")
    form = TimeLimitForm(request.POST)
    error = None
    try:
        if action in CONTROLS:
            if not form.is_valid():
                raise services.QuizError(form.errors["time_limit"][0])
            opened = CONTROLS[action](run=run, time_limit_seconds=form.cleaned_data["time_limit"])
            question_close_due_schedule(run=opened)
        elif action == "close":
            services.question_close(run=run)
        elif action == "reveal":
            services.results_reveal(run=run)
        else:
            raise services.QuizError(f"unknown action {action!r}")
    except services.QuizError as exc:
        error = str(exc)
    return _dashboard(request, run, error)


@require_POST
@login_required
def run_due(request: HttpRequest, run_id: int, screen: str) -> HttpResponse:
    """A screen's countdown reached the deadline: close the question if it is due."""
    if screen not in BOARD_SCREENS:
        return HttpResponse(status=404)
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    if run.session_id is None:
        return HttpResponse(status=404)
    services.question_close_if_due(run=run)
    return answer_board(request, instructor_session(request, run.session_id), screen)


@require_POST
@login_required
def run_options(request: HttpRequest, run_id: int) -> HttpResponse:
    """The dashboard's switches: the leaderboard and the speed bonus."""
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    switches = {}
    for name in ("leaderboard", "speed_bonus"):
        value = request.POST.get(name)
        if value in {"on", "off"}:
            switches[name] = value == "on"
    error = None
    try:
        if not switches:
            raise services.QuizError("turn the leaderboard or the speed bonus on or off")
        services.quiz_options_set(quiz=run.quiz, **switches)
    except services.QuizError as exc:
        error = str(exc)
    return _dashboard(request, run, error)


# --- the quiz's own page: questions, GIFT, self-paced runs ---------------------------------


def _quiz_page(request: HttpRequest, quiz, **extra) -> HttpResponse:
    status = extra.pop("status", 200)
    ctx = {
        "quiz": quiz,
        "activity": quiz.activity,
        "course": quiz.activity.lesson.course,
        "questions": selectors.questions_with_answers(quiz=quiz),
        "runs": selectors.runs_of_quiz(quiz=quiz),
        "gift_form": GiftUploadForm(),
        "gift_source": selectors.quiz_gift_export(quiz=quiz),
        "self_paced_form": SelfPacedForm(),
        "now": timezone.now(),
        **extra,
    }
    return render(request, "quizzes/quiz_page.html", ctx, status=status)


@require_GET
@login_required
def quiz_page(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = selectors.quiz_for_instructor(user=request.user, quiz_id=quiz_id)
    return _quiz_page(request, quiz)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@require_POST
@login_required
def gift_upload(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Upload a GIFT file: preview its questions (or its errors, with line numbers); then
    confirm the same text to replace the quiz's questions, all or nothing."""
    quiz = selectors.quiz_for_instructor(user=request.user, quiz_id=quiz_id)
    form = GiftUploadForm(request.POST, request.FILES)
    next_url = _safe_next(request)
    if not form.is_valid():
        return render(
            request,
            "quizzes/gift_preview.html",
            {"quiz": quiz, "form_errors": form.non_field_errors(), "next": next_url},
            status=400,
        )
    text = form.cleaned_data["gift_text"]
    parsed = gift_parse(text)
    import_error = None
    if parsed.ok and request.POST.get("confirm") == "yes":
        try:
            created = services.quiz_import_gift(quiz=quiz, text=text)
        except services.QuizError as exc:
            import_error = str(exc)
        else:
            messages.success(request, f"Imported {len(created)} questions into “{quiz}”.")
            if next_url:
                return redirect(next_url)
            return redirect("quizzes:quiz", quiz_id=quiz.pk)
    preview = [
        (q.type.value, " ".join(q.text.split()[:FIRST_WORDS]), q.line) for q in parsed.questions
    ]
    return render(
        request,
        "quizzes/gift_preview.html",
        {
            "quiz": quiz,
            "parsed": parsed,
            "preview": preview,
            "gift_text": text,
            "import_error": import_error,
            "existing": selectors.question_count(quiz_id=quiz.pk),
            "next": next_url,
        },
        status=200 if parsed.ok and not import_error else 400,
    )


@require_GET
@login_required
def gift_export(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = selectors.quiz_for_instructor(user=request.user, quiz_id=quiz_id)
    response = HttpResponse(
        selectors.quiz_gift_export(quiz=quiz), content_type="text/plain; charset=utf-8"
    )
    name = slugify(quiz.activity.title) or "quiz"
    response["Content-Disposition"] = f'attachment; filename="{name}.gift"'
    return response


@require_POST
@login_required
def self_paced_create(request: HttpRequest, quiz_id: int) -> HttpResponse:
    """Open the quiz to the course's rostered students, each at their own pace, until a
    deadline; its answers are kept apart from the live run's."""
    quiz = selectors.quiz_for_instructor(user=request.user, quiz_id=quiz_id)
    form = SelfPacedForm(request.POST)
    if form.is_valid():
        try:
            services.quiz_run_self_paced_create(quiz=quiz, closes_at=form.cleaned_data["closes_at"])
        except services.QuizError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The quiz is open for self-paced practice.")
            return redirect("quizzes:quiz", quiz_id=quiz.pk)
    return _quiz_page(request, quiz, self_paced_form=form, status=400)


@require_POST
@login_required
def self_paced_close(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    try:
        services.quiz_run_self_paced_close(run=run)
    except services.QuizError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "The self-paced quiz is closed.")
    return redirect("quizzes:quiz", quiz_id=run.quiz_id)


# --- results -------------------------------------------------------------------------------


@require_GET
@login_required
def run_report(request: HttpRequest, run_id: int) -> HttpResponse:
    """Facility and discrimination per question, the distribution of totals, every score."""
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    bands = selectors.totals_distribution(run=run)
    return render(
        request,
        "quizzes/report.html",
        {
            "run": run,
            "quiz": run.quiz,
            "course": run.quiz.activity.lesson.course,
            "stats": selectors.question_stats(run=run),
            "bands": bands,
            "band_max": max((b.count for b in bands), default=0),
            "scores": selectors.run_scores(run=run),
        },
    )


_NUMBER = re.compile(r"[-+]?\d+([.,]\d+)?")


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula (a name typed as ``=HYPERLINK(…)``)."""
    if cell[:1] in {"=", "+", "-", "@", "\t", "\r"} and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


@require_GET
@login_required
def run_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(run.quiz.activity.title) or "quiz"
    response["Content-Disposition"] = f'attachment; filename="{name}-run-{run.pk}.csv"'
    writer = csv.writer(response)
    for row in selectors.answers_csv_rows(run=run):
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return response
