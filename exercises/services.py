"""Every write of the exercise kind: authoring, the live run, drafts, submissions and marking.

A submission is the source of truth for its marking: it is stored in the request as ``queued``
with the time it was received, and the marking task is sent after the commit
(:func:`classroom.kinds.task_enqueue`). The task marks it with the checker and stores the marks
and ``graded`` in one transaction; it returns at once when the row is already graded or gone,
so running it twice marks once. A checker failure stores ``grader_error`` (no attempt is spent;
the sweeper retries it). :func:`submissions_sweep`, on beat's schedule, sends again what a lost
task or a killed worker left ``queued`` or ``running``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache

import yaml
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from classroom.kinds import Audience, TransitionError, state_changed, task_enqueue
from classroom.models import Activity, LiveSession, Participant

from .checker import (
    Spec,
    SpecError,
    VariantError,
    fields_asked,
    mark,
    parse_number,
    spec_parse,
    spec_to_data,
    variant,
)
from .checker.variant import is_template
from .diagram import Diagram, drawable, network_diagram
from .models import Draft, Exercise, ExerciseRun, Submission, Variant

EXERCISE_KIND = "exercise"
SOURCE_MAX = 100_000
TYPED_MAX = 32
# A submission left queued or running this long is sent to a worker again.
STALE_AFTER = timedelta(seconds=30)
GRADER_ERROR_TRIES = 3

State = ExerciseRun.State
Status = Submission.Status


class ExerciseError(TransitionError):
    """A step of the exercise that is not allowed now, or bad input; the message says which."""


# --- authoring -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """An exercise's source read: its data, whether it is a variant template, and the spec it
    gives (the template's first variant)."""

    data: dict
    is_template: bool
    spec: Spec


def source_read(text: str) -> Source:
    """Read a spec or a variant template written as JSON or YAML.

    Raises :class:`ExerciseError` with the checker's message (naming the layer and the rule).
    """
    if len(text) > SOURCE_MAX:
        raise ExerciseError(f"the exercise can have at most {SOURCE_MAX} characters")
    stripped = text.strip()
    if not stripped:
        raise ExerciseError("paste or upload the exercise's spec first")
    try:
        data = json.loads(stripped) if stripped[0] in "{[" else yaml.safe_load(stripped)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        kind = "JSON" if stripped[0] in "{[" else "YAML"
        raise ExerciseError(f"not valid {kind}: {exc}") from None
    if not isinstance(data, dict):
        raise ExerciseError("the exercise must be an object with input, target and layers")
    try:
        if is_template(data):
            return Source(data=data, is_template=True, spec=variant(data, "class"))
        return Source(data=data, is_template=False, spec=spec_parse(data))
    except (SpecError, VariantError) as exc:
        raise ExerciseError(str(exc)) from None


@transaction.atomic
def exercise_save(
    *,
    activity: Activity,
    source: str,
    per_student: bool = False,
    attempts: int = 2,
    reenter: bool = True,
) -> Exercise:
    """Set an activity's exercise; all or nothing. A per-student exercise needs a template."""
    if activity.kind != EXERCISE_KIND:
        raise ExerciseError(f"activity {activity.pk} is a {activity.kind}, not an exercise")
    read = source_read(source)
    if per_student and not read.is_template:
        raise ExerciseError(
            "each student gets their own numbers only from a template (ranges instead of numbers)"
        )
    if not 1 <= attempts <= 20:
        raise ExerciseError("attempts must be between 1 and 20")
    exercise, _created = Exercise.objects.update_or_create(
        activity=activity,
        defaults={
            "source": source,
            "is_template": read.is_template,
            "per_student": per_student,
            "attempts": attempts,
            "reenter": reenter,
        },
    )
    return exercise


# --- the live run --------------------------------------------------------------------------


def run_ensure(*, exercise: Exercise, session: LiveSession) -> ExerciseRun:
    """The exercise's run in ``session``, created (not yet open) on first call."""
    try:
        with transaction.atomic():
            run, _created = ExerciseRun.objects.get_or_create(exercise=exercise, session=session)
    except IntegrityError:
        run = ExerciseRun.objects.get(exercise=exercise, session=session)
    return run


def _locked(run: ExerciseRun) -> ExerciseRun:
    return ExerciseRun.objects.select_for_update().select_related("session").get(pk=run.pk)


def _changed(run: ExerciseRun) -> None:
    state_changed(session_id=run.session_id, audience=Audience.EVERYONE)


@transaction.atomic
def run_open(*, run: ExerciseRun) -> ExerciseRun:
    run = _locked(run)
    if run.state == State.OPEN:
        raise ExerciseError("the exercise is already open")
    run.state = State.OPEN
    run.save(update_fields=["state"])
    _changed(run)
    return run


@transaction.atomic
def run_close(*, run: ExerciseRun) -> ExerciseRun:
    run = _locked(run)
    if run.state != State.OPEN:
        raise ExerciseError(f"the exercise is {run.get_state_display().lower()}, not open")
    run.state = State.CLOSED
    run.save(update_fields=["state"])
    _changed(run)
    return run


@transaction.atomic
def run_map_show(*, run: ExerciseRun, shown: bool) -> ExerciseRun:
    run = _locked(run)
    run.map_shown = shown
    run.save(update_fields=["map_shown"])
    _changed(run)
    return run


@transaction.atomic
def run_solution_step(*, run: ExerciseRun, steps: int, total: int) -> ExerciseRun:
    """Show the worked solution's first ``steps`` of ``total`` steps (0 hides it)."""
    run = _locked(run)
    if not 0 <= steps <= total:
        raise ExerciseError(f"the solution has {total} steps: show between 0 and {total}")
    run.solution_steps = steps
    run.save(update_fields=["solution_steps"])
    _changed(run)
    return run


# --- a participant's numbers ---------------------------------------------------------------


def exercise_spec(exercise: Exercise) -> Spec:
    """The class's shared numbers: the spec, or a template's variant for the seed "class"."""
    return _spec_of_source(exercise.source, exercise.is_template)


@cache
def _spec_cached(text: str) -> Spec:
    return spec_parse(json.loads(text))


def spec_of(variant_row: Variant) -> Spec:
    """The checker's spec of a stored variant (parsed once per process)."""
    return _spec_cached(json.dumps(variant_row.spec, sort_keys=True))


@cache
def _diagram_cached(text: str) -> Diagram | None:
    spec = _spec_cached(text)
    return network_diagram(spec) if drawable(spec) else None


def diagram_of(variant_row: Variant) -> Diagram | None:
    """The drawing of a stored variant's network (drawn once per process), or None for a network
    too large to draw readably."""
    return _diagram_cached(json.dumps(variant_row.spec, sort_keys=True))


def diagram_of_spec(spec: Spec) -> Diagram | None:
    """The drawing of a spec not stored (a preview, a practice), or None when too large."""
    return network_diagram(spec) if drawable(spec) else None


def _spec_of_source(source: str, template: bool) -> Spec:
    read = source_read(source)
    return variant(read.data, "class") if template else read.spec


# The class's shared numbers of a run, once read: stored once and never changed, so a process
# keeps them (a few hundred runs at most) instead of reading them for every submission.
_shared_variants: dict[tuple[int, datetime], Variant] = {}
_SHARED_KEPT = 256


def _remember_shared(key: tuple[int, datetime], row: Variant) -> None:
    if len(_shared_variants) >= _SHARED_KEPT:
        _shared_variants.pop(next(iter(_shared_variants)))
    _shared_variants[key] = row


def variant_for(*, run: ExerciseRun, participant: Participant | None) -> Variant:
    """The numbers ``participant`` works with, drawn once and stored: their own when the
    exercise gives each student theirs, else the class's shared ones (``participant`` None)."""
    exercise = run.exercise
    owner = participant if (exercise.per_student and participant is not None) else None
    shared_key = (run.pk, run.created_at)
    if owner is None and shared_key in _shared_variants:
        return _shared_variants[shared_key]
    found = Variant.objects.filter(run=run, participant=owner).first()
    if found is not None:
        if owner is None:
            _remember_shared(shared_key, found)
        return found
    if owner is None:
        seed, spec = "class", exercise_spec(exercise)
    else:
        seed = secrets.token_hex(8)
        spec = variant(source_read(exercise.source).data, seed)
    try:
        with transaction.atomic():
            found = Variant.objects.create(
                run=run, participant=owner, seed=seed, spec=spec_to_data(spec)
            )
    except IntegrityError:
        found = Variant.objects.get(run=run, participant=owner)
    if owner is None:
        # Kept only once committed: a rolled-back draw must not be remembered.
        transaction.on_commit(lambda: _remember_shared(shared_key, found))
    return found


# --- drafts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftSaved:
    draft: Draft
    errors: dict[str, str] = field(default_factory=dict)  # path -> the parser's reason


def _typed(spec: Spec, values: Mapping[str, str]) -> dict[str, str]:
    """The asked fields' typed values, trimmed; unknown paths refused by name."""
    paths = {f.path for f in fields_asked(spec)}
    unknown = sorted(set(values) - paths)
    if unknown:
        raise ExerciseError(f"{unknown[0]} is not a field of this exercise")
    typed = {}
    for path, raw in values.items():
        text = (raw or "").strip()
        if len(text) > TYPED_MAX:
            raise ExerciseError(f"{path}: a number has at most {TYPED_MAX} characters")
        if text:
            typed[path] = text
    return typed


def typed_refusals(typed: Mapping[str, str]) -> dict[str, str]:
    """The parser's reason for each typed value it refuses."""
    errors = {}
    for path, text in typed.items():
        parsed = parse_number(text)
        if parsed.value is None:
            errors[path] = parsed.error or "not a number"
    return errors


def _require_open(run: ExerciseRun) -> None:
    if run.state != State.OPEN:
        raise ExerciseError(f"the exercise is {run.get_state_display().lower()}")


def draft_save(
    *, run: ExerciseRun, participant: Participant, values: Mapping[str, str]
) -> DraftSaved:
    """Keep what the participant has typed so far (every value as typed, refused ones too, so
    nothing typed is lost), and say which values the parser refuses and why."""
    _require_open(run)
    spec = spec_of(variant_for(run=run, participant=participant))
    typed = _typed(spec, values)
    draft, _created = Draft.objects.update_or_create(
        run=run, participant=participant, defaults={"values": typed}
    )
    return DraftSaved(draft=draft, errors=typed_refusals(typed))


# --- submissions ---------------------------------------------------------------------------


def answers_key(variant_row: Variant, typed: Mapping[str, str]) -> str:
    body = json.dumps({"variant": variant_row.pk, "answers": dict(sorted(typed.items()))})
    return hashlib.sha256(body.encode()).hexdigest()


def attempts_used(*, run: ExerciseRun, participant: Participant) -> int:
    return (
        Submission.objects.filter(run=run, participant=participant)
        .exclude(status=Status.GRADER_ERROR)
        .count()
    )


# One statement stores a submission when every rule allows it: the run open, nothing of the
# participant's being marked, attempts left, re-entry allowed after a mark, not the same
# answers again. It writes nothing otherwise (the careful path then says why), and a
# concurrent request for the same attempt or the same answers meets the unique constraints.
_INSERT = """
WITH prior AS (
    SELECT count(*) FILTER (WHERE status <> 'grader_error') AS used,
           count(*) FILTER (WHERE status IN ('queued', 'running')) AS pending,
           coalesce(max(attempt), 0) AS last,
           coalesce(bool_or(answers_key = %(key)s), false) AS same
    FROM {submission} WHERE run_id = %(run)s AND participant_id = %(participant)s
)
INSERT INTO {submission} (run_id, participant_id, variant_id, attempt, answers, answers_key,
                          status, received_at, tries, marks, error)
SELECT %(run)s, %(participant)s, %(variant)s, prior.last + 1, CAST(%(answers)s AS jsonb),
       %(key)s, 'queued', %(now)s, 0, '[]'::jsonb, ''
FROM prior
JOIN {run} r ON r.id = %(run)s
JOIN {exercise} e ON e.id = r.exercise_id
WHERE r.state = 'open' AND NOT prior.same AND prior.pending = 0 AND prior.used < e.attempts
  AND (prior.used = 0 OR e.reenter)
ON CONFLICT DO NOTHING
RETURNING id, attempt
"""


def _insert_sql() -> str:
    return _INSERT.format(
        submission=Submission._meta.db_table,
        run=ExerciseRun._meta.db_table,
        exercise=Exercise._meta.db_table,
    )


def submission_create(
    *,
    run: ExerciseRun,
    participant: Participant,
    values: Mapping[str, str],
    now: datetime | None = None,
) -> Submission:
    """Store a participant's answers as ``queued`` and send them to be marked after the commit.

    The same answers sent again (a retry, a double tap) return the submission stored the first
    time, even once the exercise has closed. Refused: the exercise not open, answers still
    being marked, no attempts left, or no re-entry after marking where the exercise allows none.

    Precondition: ``run`` was read with its exercise and session (``select_related``). On
    PostgreSQL a class submitting at once costs one read of the variant (none for numbers the
    class shares, once this process has read them) and one statement that checks every rule
    and inserts; only a submission it does not store takes the careful path below.
    """
    if participant.session_id != run.session_id:
        raise ExerciseError("you are not a participant of this session")
    variant_row = variant_for(run=run, participant=participant)
    typed = _typed(spec_of(variant_row), values)
    key = answers_key(variant_row, typed)
    now = now or timezone.now()
    if typed and connection.vendor == "postgresql":
        params = {
            "run": run.pk,
            "participant": participant.pk,
            "variant": variant_row.pk,
            "answers": json.dumps(typed),
            "key": key,
            "now": now,
        }
        with connection.cursor() as cursor:
            cursor.execute(_insert_sql(), params)
            row = cursor.fetchone()
        if row is not None:
            submission = Submission(
                pk=row[0],
                attempt=row[1],
                run=run,
                participant=participant,
                variant=variant_row,
                answers=typed,
                answers_key=key,
                received_at=now,
            )
            _stored(submission, run)
            return submission
    return _submission_create_careful(
        run=run, participant=participant, variant_row=variant_row, typed=typed, key=key, now=now
    )


def _stored(submission: Submission, run: ExerciseRun) -> None:
    _enqueue(submission)
    state_changed(
        session_id=run.session_id, audience=Audience.SCREENS, join_code=run.session.join_code
    )


@transaction.atomic
def _submission_create_careful(
    *,
    run: ExerciseRun,
    participant: Participant,
    variant_row: Variant,
    typed: dict[str, str],
    key: str,
    now: datetime,
) -> Submission:
    """The rules one by one, under a lock of the participant's submissions: stores what the
    single statement could not (on SQLite), or says why a submission is refused, or returns
    the one stored with the same answers."""
    exercise = run.exercise
    earlier = list(
        Submission.objects.select_for_update()
        .filter(run=run, participant=participant)
        .only("pk", "status", "attempt", "answers_key")
    )
    same = next((row for row in earlier if row.answers_key == key), None)
    if same is not None:
        return Submission.objects.get(pk=same.pk)
    # The state as it is now, not as the caller read it: a close that committed since wins.
    run.state = ExerciseRun.objects.filter(pk=run.pk).values_list("state", flat=True).get()
    _require_open(run)
    if not typed:
        raise ExerciseError("type at least one number before you submit")
    if any(row.status in (Status.QUEUED, Status.RUNNING) for row in earlier):
        raise ExerciseError("your last answers are still being marked")
    used = sum(1 for row in earlier if row.status != Status.GRADER_ERROR)
    if used and not exercise.reenter:
        raise ExerciseError("this exercise takes one submission, and yours is marked")
    if used >= exercise.attempts:
        raise ExerciseError(f"you have used all {exercise.attempts} attempts")
    attempt = max((row.attempt for row in earlier), default=0) + 1
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                run=run,
                participant=participant,
                variant=variant_row,
                attempt=attempt,
                answers=typed,
                answers_key=key,
                received_at=now,
            )
    except IntegrityError:
        # The same answers, sent twice at once: the other request stored them.
        return Submission.objects.get(run=run, participant=participant, answers_key=key)
    _stored(submission, run)
    return submission


def _enqueue(submission: Submission) -> None:
    from .tasks import submission_mark_task  # the task module imports these services

    task_enqueue(submission_mark_task, args=[submission.pk])


def submission_mark(*, submission_id: int) -> Submission | None:
    """Mark one submission with the checker. Safe to run twice, or after a killed worker:
    returns at once when the row is gone or already graded, and stores marks only once.

    Call outside a transaction: the ``running`` state is committed before the marking, so a
    worker killed mid-task leaves the row for the sweeper.
    """
    with transaction.atomic():
        row = (
            Submission.objects.select_for_update()
            .select_related("variant")
            .filter(pk=submission_id)
            .first()
        )
        if row is None or row.status == Status.GRADED:
            return row
        row.status = Status.RUNNING
        row.started_at = timezone.now()
        row.tries += 1
        row.save(update_fields=["status", "started_at", "tries"])
    try:
        marking = mark(spec_of(row.variant), row.answers)
    except Exception as exc:  # any checker failure: the row says so and the sweeper retries
        outcome = {"status": Status.GRADER_ERROR, "error": f"{type(exc).__name__}: {exc}"}
    else:
        outcome = {
            "status": Status.GRADED,
            "score": marking.score,
            "marks": [m.to_json() for m in marking.fields],
            "error": "",
        }
    with transaction.atomic():
        row = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("run__session")
            .get(pk=submission_id)
        )
        if row.status == Status.GRADED:
            return row
        for name, value in outcome.items():
            setattr(row, name, value)
        row.finished_at = timezone.now()
        row.save()
        state_changed(
            session_id=row.run.session_id,
            audience=Audience.SCREENS,
            join_code=row.run.session.join_code,
        )
    return row


def submissions_sweep(*, now: datetime | None = None) -> int:
    """Send again every submission a lost task or a killed worker left unmarked: ``queued`` or
    ``running`` for longer than :data:`STALE_AFTER`, and ``grader_error`` while it has tries
    left. Returns how many were sent."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    stale = Submission.objects.filter(
        Q(status=Status.QUEUED, received_at__lt=cutoff)
        | Q(status=Status.RUNNING, started_at__lt=cutoff)
        | Q(status=Status.GRADER_ERROR, tries__lt=GRADER_ERROR_TRIES, finished_at__lt=cutoff)
    ).values_list("pk", flat=True)
    sent = 0
    for pk in stale.iterator():
        _enqueue(Submission(pk=pk))
        sent += 1
    return sent
