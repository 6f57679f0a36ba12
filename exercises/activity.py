"""The exercise as a kind of activity: what its phone, projector and dashboard screens show.

The phone shows the participant's own network (their variant, or the class's numbers) above
the entry form, one step at a time in the order the computation goes, each field named by its
checker path; after submitting, each field's mark. The projector shows the class's network, the
progress, and on the instructor's word the class mistake map and the worked solution step by
step. The dashboard paces it and shows who is stuck and the commonest mistake of each step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from classroom.kinds import ActivityKind, Recap, Screen, StudentPage, register
from classroom.models import Activity, LiveSession, Participant

from . import selectors, services
from .checker import fields_asked
from .mistake_map import StepRow, mistake_map
from .models import Exercise, ExerciseRun
from .solution import solution_html, solution_steps
from .steps import StepView, steps_asked, symbol


@dataclass(frozen=True)
class FieldView:
    path: str
    symbol: str
    label: str
    typed: str
    error: str  # the parser's reason, for a draft value it refuses
    mark: dict | None  # the checker's mark once graded
    locked: bool  # marked right: not to be typed again


@dataclass(frozen=True)
class StepForm:
    step: StepView
    fields: tuple[FieldView, ...]


def _exercise_of(activity: Activity) -> Exercise | None:
    return Exercise.objects.filter(activity=activity).first()


def _phone(run: ExerciseRun, participant: Participant) -> dict[str, Any]:
    variant_row = services.variant_for(run=run, participant=participant)
    spec = services.spec_of(variant_row)
    diagram = services.diagram_of(variant_row)
    fields = tuple(fields_asked(spec))
    submission = selectors.latest_submission(run=run, participant=participant)
    marks = selectors.marks_by_path(submission)
    typed = selectors.typed_values(run=run, participant=participant, submission=submission)
    errors = services.typed_refusals(typed)
    reenter = run.exercise.reenter
    forms = []
    for step in steps_asked(spec, fields):
        views = []
        for f in step.fields:
            mark = marks.get(f.path)
            views.append(
                FieldView(
                    path=f.path,
                    symbol=symbol(f, spec),
                    label=f.label,
                    typed=typed.get(f.path, ""),
                    error=errors.get(f.path, ""),
                    mark=mark,
                    locked=bool(mark and mark["status"] in ("correct", "follow_through")),
                )
            )
        forms.append(StepForm(step=step, fields=tuple(views)))
    used = services.attempts_used(run=run, participant=participant)
    graded = submission is not None and submission.status == submission.Status.GRADED
    pending = submission is not None and submission.status in (
        submission.Status.QUEUED,
        submission.Status.RUNNING,
    )
    may_submit = (
        run.state == ExerciseRun.State.OPEN
        and not pending
        and used < run.exercise.attempts
        and (reenter or not graded)
    )
    code = run.session.join_code
    return {
        "spec": spec,
        "forms": forms,
        "submission": submission,
        "graded": graded,
        "pending": pending,
        "attempts_left": max(run.exercise.attempts - used, 0),
        "may_submit": may_submit,
        "score_percent": round(100 * submission.score) if graded else None,
        "diagram": diagram,
        "draft_url": reverse("exercises:draft", args=[code, run.pk]),
        "submit_url": reverse("exercises:submit", args=[code, run.pk]),
        "status_url": (reverse("exercises:status", args=[code, submission.pk]) if pending else ""),
    }


def _board(run: ExerciseRun, screen: Screen) -> dict[str, Any]:
    shared = services.variant_for(run=run, participant=None)
    spec = services.spec_of(shared)
    steps = steps_asked(spec, tuple(fields_asked(spec)))
    outcomes = selectors.step_outcomes(
        run=run, steps=[(s.key, [f.path for f in s.fields]) for s in steps]
    )
    solution = solution_steps(spec)
    ctx: dict[str, Any] = {
        "spec": spec,
        "progress": selectors.progress(run=run),
        "diagram": services.diagram_of(shared),
        "solution": [solution_html(step) for step in solution[: run.solution_steps]],
        "solution_total": len(solution),
    }
    headings = {s.key: s.heading for s in steps}
    symbols = {s.key: s.symbol for s in steps}
    if run.map_shown or screen == "dashboard":
        ctx["map"] = mistake_map(
            [StepRow(label=symbols[o.key], path=o.key, counts=o.counts) for o in outcomes]
        )
    if screen == "dashboard":
        ctx.update(
            students=selectors.student_rows(run=run),
            common=[
                (m, headings[m.step_key], selectors.DIAGNOSIS_MESSAGES.get(m.code, m.code))
                for m in selectors.common_mistakes(outcomes)
            ],
            control_url=reverse("exercises:run-control", args=[run.pk]),
            csv_url=reverse("exercises:run-csv", args=[run.pk]),
            manage_url=reverse("exercises:exercise", args=[run.exercise_id]),
        )
    return ctx


def exercise_context(
    *,
    session: LiveSession,
    activity: Activity,
    screen: Screen,
    participant: Participant | None,
    request: object,
) -> dict[str, Any]:
    run = selectors.run_of(session=session, activity_id=activity.pk)
    if run is None:
        exercise = _exercise_of(activity)
        return {
            "run": None,
            "manage_url": reverse("exercises:exercise", args=[exercise.pk]) if exercise else "",
        }
    ctx: dict[str, Any] = {"run": run, "exercise": run.exercise, "state": run.state}
    if screen == "phone" and participant is not None:
        ctx.update(_phone(run, participant))
    elif screen != "phone":
        ctx.update(_board(run, screen))
    return ctx


def exercise_on_open(*, session: LiveSession, activity: Activity) -> None:
    """Give the exercise its run in this session (not open until the instructor opens it)."""
    exercise = _exercise_of(activity)
    if exercise is not None:
        services.run_ensure(exercise=exercise, session=session)


def exercise_configure_demo(*, activity: Activity) -> None:
    """The demo lesson's exercise: its spec (or template) from the activity's config, the same
    numbers its slide shows (``classroom.demo.content`` writes both from one dict)."""
    config = activity.config.get("exercise")
    if not config:
        return
    services.exercise_save(
        activity=activity,
        source=json.dumps(config["spec"], indent=2),
        per_student=config.get("per_student", False),
        attempts=config.get("attempts", 2),
        reenter=config.get("reenter", True),
    )


def exercise_manage_url(activity: Activity) -> str | None:
    if activity.kind != services.EXERCISE_KIND:
        return None
    exercise = _exercise_of(activity)
    if exercise is None:
        return reverse("exercises:create", args=[activity.pk])
    return reverse("exercises:exercise", args=[exercise.pk])


def exercise_recap(
    *, session: LiveSession, activity: Activity, participant: Participant
) -> Recap | None:
    """The marks of the participant's latest submission in this session; None if they sent
    none. A rostered student is linked to their marks and the worked solution."""
    run = selectors.run_of(session=session, activity_id=activity.pk)
    submission = selectors.latest_submission(run=run, participant=participant) if run else None
    if submission is None:
        return None
    url = reverse("exercises:review", args=[run.pk]) if participant.student_id else ""
    if submission.status != submission.Status.GRADED:
        return Recap(text=submission.get_status_display(), url=url)
    right = sum(m["status"] in ("correct", "follow_through") for m in submission.marks)
    text = f"{right} of {len(submission.marks)} values right, attempt {submission.attempt}"
    return Recap(text=text, figure=f"{round(100 * submission.score)}%", url=url)


EXERCISE = register(
    ActivityKind(
        key=services.EXERCISE_KIND,
        label="Exercise",
        template="exercises/exercise.html",
        context=exercise_context,
        on_open=exercise_on_open,
        configure_demo=exercise_configure_demo,
        scripts=("exercises/exercises.js",),
        styles=("exercises/exercises.css", "exercises/form.css"),
        manage_url=exercise_manage_url,
        student_page=StudentPage("Your exercises and marks", "exercises:mine"),
        recap=exercise_recap,
    )
)
