"""The exercise's views: a phone's draft, submission and marking status; the instructor's run
controls, CSV and authoring page; a signed-in student's exercises after class and practice.

Phone views find the participant from the browser's session (``phone_view``), never from the
form; instructor views need an instructor of the course (404 for anyone else).
"""

from __future__ import annotations

import csv
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling, reswap, retarget

from classroom.kinds import (
    BadInput,
    PhoneVisit,
    answer_board,
    answer_phone,
    parse_id,
    phone_view,
    signed_in_student,
    signed_in_students,
    taught_by,
)
from classroom.models import Activity

from . import selectors, services
from .checker import fields_asked, key_compute, mark, variant
from .models import ExerciseRun, Submission
from .solution import solution_html, solution_steps

SOURCE_UPLOAD_MAX = 200_000


def _typed_values(request: HttpRequest) -> dict[str, str]:
    """The form's fields named by checker path (``loss``, ``layers.0.z.0.1``)."""
    return {
        name: value
        for name, value in request.POST.items()
        if name == "loss" or name.startswith(("layers.", "output."))
    }


def _run_of_visit(visit: PhoneVisit, run_id: int) -> ExerciseRun:
    run = (
        ExerciseRun.objects.select_related("exercise__activity", "session")
        .filter(pk=run_id, session_id=visit.session.pk)
        .first()
    )
    if run is None:
        raise Http404("No such exercise in this session")
    return run


# --- the phone -----------------------------------------------------------------------------


@require_POST
@phone_view
def draft(request: HttpRequest, visit: PhoneVisit, run_id: int) -> HttpResponse:
    """Keep what the phone has typed so far; answer which values the parser refuses."""
    run = _run_of_visit(visit, run_id)
    try:
        saved = services.draft_save(
            run=run, participant=visit.participant, values=_typed_values(request)
        )
    except services.ExerciseError as exc:
        return render(
            request, "exercises/exercise.html#draft-status", {"draft_error": str(exc)}, status=400
        )
    paths = [f.path for f in fields_asked(services.spec_of(services.variant_for(
        run=run, participant=visit.participant)))]  # fmt: skip
    ctx = {"errors": saved.errors, "paths": paths, "draft": saved.draft}
    return render(request, "exercises/exercise.html#draft-status", ctx)


@require_POST
@phone_view
def submit(request: HttpRequest, visit: PhoneVisit, run_id: int) -> HttpResponse:
    """Store the answers to be marked. Accepted: a small "marking…" fragment that asks for the
    marks every second (a class submits at once: the whole screen comes back once, marked).
    Refused: the phone's whole screen, showing why."""
    run = _run_of_visit(visit, run_id)
    try:
        submission = services.submission_create(
            run=run, participant=visit.participant, values=_typed_values(request)
        )
    except services.ExerciseError as exc:
        response = answer_phone(request, visit, extra={"submit_error": str(exc)}, status=400)
        return reswap(retarget(response, "#live"), "outerHTML")
    if not request.htmx:
        return redirect("classroom:live", code=visit.session.join_code)
    status_url = reverse("exercises:status", args=[visit.session.join_code, submission.pk])
    ctx = {"status_url": status_url, "pending": True}
    return render(request, "exercises/exercise.html#status", ctx)


@require_GET
@phone_view
def status(request: HttpRequest, visit: PhoneVisit, submission_id: int) -> HttpResponse:
    """A phone waiting for its marks asks here every second; once marked it gets its whole
    screen again and stops asking."""
    submission = Submission.objects.filter(
        pk=submission_id, participant_id=visit.participant.pk
    ).first()
    if submission is None:
        raise Http404("No such submission of yours")
    if submission.status in (Submission.Status.QUEUED, Submission.Status.RUNNING):
        return HttpResponse(status=204)
    return HttpResponseStopPolling(answer_phone(request, visit).content)


# --- the dashboard -------------------------------------------------------------------------

CONTROLS = ("open", "close", "map-show", "map-hide", "solution-next", "solution-back")


@require_POST
@login_required
def run_control(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    action = request.POST.get("action", "")
    error = None
    try:
        if action == "open":
            services.run_open(run=run)
        elif action == "close":
            services.run_close(run=run)
        elif action in ("map-show", "map-hide"):
            services.run_map_show(run=run, shown=action == "map-show")
        elif action in ("solution-next", "solution-back"):
            spec = services.spec_of(services.variant_for(run=run, participant=None))
            total = len(solution_steps(spec))
            step = run.solution_steps + (1 if action == "solution-next" else -1)
            services.run_solution_step(run=run, steps=step, total=total)
        else:
            raise services.ExerciseError(f"unknown action {action!r}")
    except services.ExerciseError as exc:
        error = str(exc)
    return answer_board(request, run.session, error=error)


def _spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet will not run as a formula; a typed number stays as typed."""
    if cell[:1] in {"=", "+", "@", "\t", "\r"} or (
        cell[:1] == "-" and not cell[1:2].isdigit() and cell[1:2] != "."
    ):
        return "'" + cell
    return cell


@require_GET
@login_required
def run_csv(request: HttpRequest, run_id: int) -> HttpResponse:
    run = selectors.run_for_instructor(user=request.user, run_id=run_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(run.exercise.activity.title)[:60] or "exercise"
    response["Content-Disposition"] = f'attachment; filename="{name}-{run.pk}.csv"'
    writer = csv.writer(response)
    for row in selectors.csv_rows(run=run):
        writer.writerow([_spreadsheet_safe(cell) for cell in row])
    return response


# --- authoring -----------------------------------------------------------------------------


def _preview(source: services.Source) -> dict:
    spec = source.spec
    key = key_compute(spec)
    ctx = {
        "preview_spec": spec,
        "preview_diagram": services.diagram_of_spec(spec),
        "preview_key": [(f.label, f.path, _value(key, f.path)) for f in fields_asked(spec)],
        "preview_solution": [solution_html(step) for step in solution_steps(spec)],
        "preview_template": source.is_template,
    }
    if source.is_template:
        ctx["samples"] = [variant(source.data, f"sample-{n}") for n in range(1, 4)]
        ctx["sample_diagrams"] = [
            (f"net-sample-{n}", services.diagram_of_spec(sample))
            for n, sample in enumerate(ctx["samples"], start=1)
        ]
    return ctx


def _value(key, path: str) -> float:
    parts = path.split(".")
    if parts[0] == "loss":
        return float(key.loss)
    if parts[0] == "output":
        return float(key.output[tuple(int(i) for i in parts[1:])])
    layer = key.layers[int(parts[1])]
    return float(getattr(layer, parts[2])[tuple(int(i) for i in parts[3:])])


def _page(request: HttpRequest, activity: Activity, **extra) -> HttpResponse:
    status = extra.pop("status", 200)
    exercise = getattr(activity, "exercise", None)
    ctx = {
        "activity": activity,
        "exercise": exercise,
        "course": activity.lesson.course,
        "source": exercise.source if exercise else "",
        "per_student": exercise.per_student if exercise else False,
        "attempts": exercise.attempts if exercise else 2,
        "reenter": exercise.reenter if exercise else True,
        **extra,
    }
    if "preview_spec" not in ctx and exercise is not None:
        try:
            ctx.update(_preview(services.source_read(exercise.source)))
        except services.ExerciseError as exc:
            ctx["source_error"] = str(exc)
    return render(request, "exercises/author.html", ctx, status=status)


def _activity_for_instructor(request: HttpRequest, activity_id: int) -> Activity:
    activity = taught_by(
        Activity.objects.select_related("lesson__course"),
        user=request.user,
        pk=activity_id,
        course_path="lesson__course",
        what="activity",
    )
    if activity.kind != services.EXERCISE_KIND:
        raise Http404("That activity is not an exercise")
    return activity


@require_GET
@login_required
def exercise_page(request: HttpRequest, exercise_id: int) -> HttpResponse:
    exercise = selectors.exercise_for_instructor(user=request.user, exercise_id=exercise_id)
    return _page(request, exercise.activity)


@require_http_methods(["GET", "POST"])
@login_required
def exercise_edit(request: HttpRequest, activity_id: int) -> HttpResponse:
    """Paste or upload a spec or template (JSON or YAML): a preview (the diagram, the key, the
    worked solution, three sample variants of a template) or the checker's refusal; saved only
    when confirmed."""
    activity = _activity_for_instructor(request, activity_id)
    if request.method == "GET":
        return _page(request, activity)
    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size > SOURCE_UPLOAD_MAX:
            return _page(request, activity, source_error="that file is over 200 kB", status=400)
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page(request, activity, source_error="that file is not UTF-8 text", status=400)
    else:
        text = request.POST.get("source", "")
    per_student = request.POST.get("per_student") == "on"
    reenter = request.POST.get("reenter") == "on"
    try:
        attempts = parse_id(request.POST.get("attempts"), what="a number of attempts")
    except BadInput as exc:
        return _page(request, activity, source=text, source_error=str(exc), status=400)
    form = {"source": text, "per_student": per_student, "attempts": attempts, "reenter": reenter}
    try:
        read = services.source_read(text)
    except services.ExerciseError as exc:
        return _page(request, activity, source_error=str(exc), status=400, **form)
    if request.POST.get("confirm") != "yes":
        return _page(request, activity, previewing=True, **form, **_preview(read))
    try:
        services.exercise_save(
            activity=activity,
            source=text,
            per_student=per_student,
            attempts=attempts,
            reenter=reenter,
        )
    except services.ExerciseError as exc:
        return _page(request, activity, source_error=str(exc), status=400, **form)
    messages.success(request, f"Saved the exercise of “{activity.title}”.")
    return redirect("exercises:create", activity_id=activity.pk)


# --- after class ---------------------------------------------------------------------------


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    students = signed_in_students(request)
    if not students:
        raise Http404("Open your personal sign-in link first")
    rows = [(s, selectors.exercises_of_student(student=s)) for s in students]
    return render(request, "exercises/mine.html", {"rows": rows})


def _mine_or_404(request: HttpRequest, run_id: int) -> selectors.MyExercise:
    run = get_object_or_404(ExerciseRun.objects.select_related("session__lesson"), pk=run_id)
    student = signed_in_student(request, course_id=run.session.lesson.course_id)
    found = selectors.run_for_student(student=student, run_id=run_id) if student else None
    if found is None:
        raise Http404("Open your personal sign-in link first")
    return found


@require_GET
def review(request: HttpRequest, run_id: int) -> HttpResponse:
    """A student's marks of an exercise from class, with the worked solution of their numbers."""
    found = _mine_or_404(request, run_id)
    variant_row = services.variant_for(run=found.run, participant=found.participant)
    spec = services.spec_of(variant_row)
    marks = selectors.marks_by_path(found.submission)
    ctx = {
        "mine": found,
        "spec": spec,
        "marks": [(f, marks.get(f.path)) for f in fields_asked(spec)],
        "diagram": services.diagram_of_spec(spec),
        "solution": [solution_html(step) for step in solution_steps(spec)],
        "practice_seed": secrets.token_hex(6),
    }
    return render(request, "exercises/review.html", ctx)


@require_http_methods(["GET", "POST"])
def practice(request: HttpRequest, run_id: int, seed: str) -> HttpResponse:
    """Practise with fresh numbers (the seed in the address keeps them across a reload),
    marked at once; nothing is stored and the result from class does not change."""
    found = _mine_or_404(request, run_id)
    exercise = found.exercise
    if len(seed) > 32 or not seed.isalnum():
        raise Http404("No such practice")
    source = services.source_read(exercise.source)
    spec = variant(source.data, f"practice-{seed}") if source.is_template else source.spec
    marking = None
    typed = {}
    if request.method == "POST":
        typed = _typed_values(request)
        known = {f.path for f in fields_asked(spec)}
        typed = {k: v.strip()[:32] for k, v in typed.items() if k in known}
        marking = mark(spec, typed)
    marks = {m.path: m for m in marking.fields} if marking else {}
    ctx = {
        "mine": found,
        "spec": spec,
        "seed": seed,
        "fields": [(f, typed.get(f.path, ""), marks.get(f.path)) for f in fields_asked(spec)],
        "diagram": services.diagram_of_spec(spec),
        "marking": marking,
        "solution": [solution_html(step) for step in solution_steps(spec)] if marking else [],
    }
    return render(request, "exercises/practice.html", ctx)
