"""Reads of the exercise kind: what a phone, the projector and the dashboard show, the class's
mistakes, a student's own results, and the instructor's export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from classroom.kinds import participants_of, taught_by
from classroom.models import LiveSession, Participant, Student

from .checker.diagnoses import MISTAKES
from .models import Draft, Exercise, ExerciseRun, Submission

Status = Submission.Status
# What each diagnosis says of the mistake, as the checker words it (the first step's wording).
DIAGNOSIS_MESSAGES: dict[str, str] = {}
for _mistake in MISTAKES:
    DIAGNOSIS_MESSAGES.setdefault(_mistake.code, _mistake.message)


def exercise_for_instructor(*, user: AbstractBaseUser, exercise_id: int) -> Exercise:
    exercises = Exercise.objects.select_related("activity__lesson__course")
    return taught_by(
        exercises,
        user=user,
        pk=exercise_id,
        course_path="activity__lesson__course",
        what="exercise",
    )


def run_for_instructor(*, user: AbstractBaseUser, run_id: int) -> ExerciseRun:
    runs = ExerciseRun.objects.select_related("exercise__activity", "session")
    return taught_by(
        runs, user=user, pk=run_id, course_path="exercise__activity__lesson__course", what="run"
    )


def run_of(*, session: LiveSession, activity_id: int) -> ExerciseRun | None:
    return (
        ExerciseRun.objects.select_related("exercise__activity")
        .filter(session=session, exercise__activity_id=activity_id)
        .first()
    )


def latest_submission(*, run: ExerciseRun, participant: Participant) -> Submission | None:
    return Submission.objects.filter(run=run, participant=participant).order_by("-attempt").first()


def typed_values(
    *, run: ExerciseRun, participant: Participant, submission: Submission | None
) -> dict[str, str]:
    """What the phone's fields show: the draft, or the latest submission's answers where they
    are newer (a submission does not rewrite the draft)."""
    draft = Draft.objects.filter(run=run, participant=participant).first()
    if submission is not None and (draft is None or draft.updated_at < submission.received_at):
        return dict(submission.answers)
    return dict(draft.values) if draft is not None else {}


def marks_by_path(submission: Submission | None) -> dict[str, dict]:
    if submission is None or submission.status != Status.GRADED:
        return {}
    return {m["path"]: m for m in submission.marks}


# --- the class -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    participants: int
    drafting: int
    submitted: int
    marked: int


def progress(*, run: ExerciseRun) -> Progress:
    latest = _latest_per_participant(run)
    return Progress(
        participants=run.session.participants.count(),
        drafting=Draft.objects.filter(run=run).exclude(participant_id__in=latest).count(),
        submitted=len(latest),
        marked=sum(1 for s in latest.values() if s.status == Status.GRADED),
    )


def _latest_per_participant(run: ExerciseRun) -> dict[int, Submission]:
    latest: dict[int, Submission] = {}
    for row in Submission.objects.filter(run=run).order_by("participant_id", "attempt"):
        latest[row.participant_id] = row
    return latest


OUTCOMES_FIXED = ("correct", "follow_through", "incorrect", "missing")


@dataclass(frozen=True)
class StepOutcomes:
    """How the class did on one asked step: students by outcome (their worst field in it)."""

    key: str  # the step's path prefix
    counts: dict[
        str, int
    ]  # outcome (correct, follow_through, a diagnosis code, incorrect, missing)

    @property
    def students(self) -> int:
        return sum(self.counts.values())


def _field_outcome(mark: dict | None) -> str:
    if mark is None:
        return "missing"
    status = mark["status"]
    if status in ("missing", "unparseable"):
        return "missing"
    if status == "incorrect":
        return mark.get("diagnosis") or "incorrect"
    return status  # correct, follow_through


_RANK = {"correct": 0, "follow_through": 1, "missing": 3}


def _worst(outcomes: list[str]) -> str:
    # A diagnosed or plain mistake outranks a missing field, which outranks follow-through.
    return max(outcomes, key=lambda o: _RANK.get(o, 4 if o != "incorrect" else 5))


def step_outcomes(*, run: ExerciseRun, steps: list[tuple[str, list[str]]]) -> list[StepOutcomes]:
    """For each step (its key and its fields' paths), the marked students by outcome."""
    marked = [s for s in _latest_per_participant(run).values() if s.status == Status.GRADED]
    rows = []
    for key, paths in steps:
        counts: Counter[str] = Counter()
        for submission in marked:
            marks = {m["path"]: m for m in submission.marks}
            counts[_worst([_field_outcome(marks.get(p)) for p in paths])] += 1
        rows.append(StepOutcomes(key=key, counts=dict(counts)))
    return rows


@dataclass(frozen=True)
class CommonMistake:
    step_key: str
    code: str
    students: int


def common_mistakes(outcomes: list[StepOutcomes]) -> list[CommonMistake]:
    """The most frequent diagnosis of each step where there is one."""
    found = []
    for row in outcomes:
        diagnosed = {k: v for k, v in row.counts.items() if k not in (*OUTCOMES_FIXED,)}
        if diagnosed:
            code, count = max(diagnosed.items(), key=lambda kv: kv[1])
            found.append(CommonMistake(step_key=row.key, code=code, students=count))
    return sorted(found, key=lambda m: -m.students)


@dataclass(frozen=True)
class StudentRow:
    participant_id: int
    name: str
    is_guest: bool
    state: str  # not started, drafting, submitted, marked
    score: float | None
    incorrect: int
    drafting_since: datetime | None


def student_rows(*, run: ExerciseRun) -> list[StudentRow]:
    """Every participant's progress, the stuck first: drafting longest without submitting, then
    the most fields marked incorrect."""
    latest = _latest_per_participant(run)
    drafts = {d.participant_id: d for d in Draft.objects.filter(run=run)}
    rows = []
    for p in participants_of(session=run.session):
        sub, draft = latest.get(p.pk), drafts.get(p.pk)
        if sub is None:
            state = "drafting" if draft and draft.values else "not started"
        elif sub.status == Status.GRADED:
            state = "marked"
        else:
            state = "submitted"
        incorrect = sum(1 for m in (sub.marks if sub else []) if m["status"] == "incorrect")
        rows.append(
            StudentRow(
                participant_id=p.pk,
                name=p.display_name,
                is_guest=p.is_guest,
                state=state,
                score=sub.score if sub is not None and sub.status == Status.GRADED else None,
                incorrect=incorrect,
                drafting_since=draft.created_at if draft and state == "drafting" else None,
            )
        )

    def stuck_first(row: StudentRow) -> tuple:
        drafting = row.drafting_since.timestamp() if row.drafting_since else float("inf")
        return (row.state != "drafting", drafting, -row.incorrect, row.name.casefold())

    return sorted(rows, key=stuck_first)


def csv_rows(*, run: ExerciseRun) -> list[list[str]]:
    """Every field of every submission: student number, name, attempt, path, typed, status,
    diagnosis, score."""
    header = ["student_number", "name", "attempt", "path", "typed", "status", "diagnosis", "score"]
    out = [header]
    rows = (
        Submission.objects.filter(run=run)
        .select_related("participant__student")
        .order_by("participant__display_name", "participant_id", "attempt")
    )
    for sub in rows:
        student = sub.participant.student
        number = student.student_number if student else ""
        score = "" if sub.score is None else f"{sub.score:.3f}"
        for m in sub.marks or [
            {"path": p, "given": t, "status": sub.status} for p, t in sub.answers.items()
        ]:
            out.append(
                [
                    number,
                    sub.participant.display_name,
                    str(sub.attempt),
                    m["path"],
                    m.get("given") or "",
                    m["status"],
                    m.get("diagnosis") or "",
                    score,
                ]
            )
    return out


# --- a student's own, after class ----------------------------------------------------------


@dataclass(frozen=True)
class MyExercise:
    exercise: Exercise
    run: ExerciseRun
    participant: Participant
    submission: Submission | None


def exercises_of_student(*, student: Student) -> list[MyExercise]:
    """Every live exercise a student took part in, newest first, with their latest submission."""
    participants = Participant.objects.filter(student=student).values_list("pk", "session_id")
    by_session = {sid: pk for pk, sid in participants}
    runs = (
        ExerciseRun.objects.filter(session_id__in=by_session)
        .select_related("exercise__activity", "session")
        .order_by("-session__created_at", "exercise__activity__position")
    )
    found = []
    for run in runs:
        participant = Participant.objects.get(pk=by_session[run.session_id])
        found.append(
            MyExercise(
                exercise=run.exercise,
                run=run,
                participant=participant,
                submission=latest_submission(run=run, participant=participant),
            )
        )
    return found


def run_for_student(*, student: Student, run_id: int) -> MyExercise | None:
    for mine in exercises_of_student(student=student):
        if mine.run.pk == run_id:
            return mine
    return None


def exercises_of_course(*, course_id: int) -> QuerySet[Exercise]:
    return Exercise.objects.filter(activity__lesson__course_id=course_id).select_related(
        "activity__lesson"
    )
