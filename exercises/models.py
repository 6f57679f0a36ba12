"""The exercise kind's tables: the exercise of an activity, its runs, each student's numbers,
their draft and their submissions. Terms are the checker's (:mod:`exercises.checker`) and the
package's (:mod:`exercises`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from classroom.models import Activity, LiveSession, Participant


class Exercise(models.Model):
    """How an activity's exercise is set: the spec or variant template as the instructor wrote
    it (JSON or YAML), and the rules of the run."""

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="exercise")
    source = models.TextField(help_text="The spec, or a variant template, as JSON or YAML.")
    is_template = models.BooleanField(default=False)
    per_student = models.BooleanField(
        default=False, help_text="Each student gets their own numbers (a template's variant)."
    )
    attempts = models.PositiveSmallIntegerField(default=2)
    reenter = models.BooleanField(
        default=True, help_text="After marking, a student may re-enter the fields marked wrong."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Exercise of {self.activity}"


class ExerciseRun(models.Model):
    """An exercise in one live session."""

    class State(models.TextChoices):
        WAITING = "waiting", "Not open yet"
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="runs")
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    map_shown = models.BooleanField(default=False)
    solution_steps = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["exercise", "session"], name="one_exercise_run_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} in session {self.session_id}"


class Variant(models.Model):
    """The numbers one participant works with (or the class's shared numbers: ``participant``
    empty), drawn once and stored, so a reload or a second phone shows the same."""

    run = models.ForeignKey(ExerciseRun, on_delete=models.CASCADE, related_name="variants")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    seed = models.CharField(max_length=64)
    spec = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "participant"],
                condition=Q(participant__isnull=False),
                name="one_variant_per_participant",
            ),
            models.UniqueConstraint(
                fields=["run"],
                condition=Q(participant__isnull=True),
                name="one_shared_variant_per_run",
            ),
        ]

    def __str__(self) -> str:
        return f"numbers {self.seed} of {self.participant or 'the class'}"


class Draft(models.Model):
    """What a participant has typed so far, saved as they type."""

    run = models.ForeignKey(ExerciseRun, on_delete=models.CASCADE, related_name="drafts")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    values = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "participant"], name="one_draft_per_participant")
        ]

    def __str__(self) -> str:
        return f"draft of {self.participant}"


class Submission(models.Model):
    """One submitted set of answers; the row is the source of truth for its marking.

    ``answers_key`` is the idempotency key: a hash of the variant and the normalised answers, so
    the same answers are stored and marked once however often they are sent.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be marked"
        RUNNING = "running", "Being marked"
        GRADED = "graded", "Marked"
        GRADER_ERROR = "grader_error", "Could not be marked"

    run = models.ForeignKey(ExerciseRun, on_delete=models.CASCADE, related_name="submissions")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="submissions")
    attempt = models.PositiveSmallIntegerField()
    answers = models.JSONField()
    answers_key = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    received_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    marks = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["status", "received_at"], name="submission_sweep")]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "participant", "attempt"], name="one_submission_per_attempt"
            ),
            models.UniqueConstraint(
                fields=["run", "participant", "answers_key"], name="same_answers_marked_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} attempt {self.attempt} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.GRADED
