"""Assignments, each student's feedback on one, the comment bank, queries about marks and the
emails sent about them. Terms are those of :mod:`feedback`."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from classroom.models import Activity, Course, Student


class Assignment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Release scheduled"
        RELEASED = "released", "Released"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(max_length=200)
    max_score = models.DecimalField(
        max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    due_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    release_at = models.DateTimeField(null=True, blank=True)
    # The site's address for the emails' links, as the instructor who scheduled it reached it.
    release_base_url = models.CharField(max_length=300, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "title"], name="assignment_title_unique"),
            models.CheckConstraint(
                condition=~Q(state="scheduled") | Q(release_at__isnull=False),
                name="a_scheduled_release_has_its_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_released(self) -> bool:
        return self.state == self.State.RELEASED


class RubricItem(models.Model):
    """One line of an assignment's rubric: points (positive or negative) and a Markdown text."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="rubric")
    position = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=7, decimal_places=2)
    text = models.TextField()

    class Meta:
        ordering = ["assignment", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "position"], name="rubric_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points:+g} {self.text[:40]}"


class Feedback(models.Model):
    """One rostered student's feedback on one assignment. Visible to the student only once the
    assignment is released."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="feedback")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="feedback")
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    comments = models.TextField(blank=True, help_text="Markdown; $…$ is LaTeX maths.")
    rubric_items = models.ManyToManyField(RubricItem, blank=True, related_name="+")
    file = models.FileField(upload_to="feedback/%Y/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_viewed_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assignment", "student__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "student"], name="one_feedback_per_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.student}"


class FeedbackEdit(models.Model):
    """What a feedback record said before an edit after its release: the history a student's
    query can refer to."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="history")
    score = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    comments = models.TextField(blank=True)
    rubric = models.JSONField(default=list)
    edited_by = models.CharField(max_length=150)
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["feedback", "-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feedback} before {self.edited_at:%Y-%m-%d %H:%M}"


class BankComment(models.Model):
    """A comment written once for an assignment, applied to other students with a click."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="bank")
    text = models.TextField()
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-uses", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "text"], name="bank_comment_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Query(models.Model):
    """A student asking about their mark, overall or about one rubric item; the instructor's
    answer closes it."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="queries")
    rubric_item = models.ForeignKey(
        RubricItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(blank=True)
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The phone's idempotency key: a resent request asks once.
    key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["feedback", "asked_at", "id"]
        verbose_name_plural = "queries"
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "key"], condition=~Q(key=""), name="query_asked_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feedback}: {self.reason[:40]}"


class Email(models.Model):
    """One email to a student about their feedback. The row is written before the send and
    marked sent after it, so a task run twice never sends twice."""

    class Kind(models.TextChoices):
        RELEASED = "released", "Feedback released"
        REMINDER = "reminder", "Reminder"
        ANSWERED = "answered", "Query answered"

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Which one of its kind: the release, the reminder's number, the query's id.
    ref = models.CharField(max_length=40, default="1")
    base_url = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    tries = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "kind", "ref"], name="email_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.feedback.student}"


class FeedbackActivity(models.Model):
    """A lesson's feedback item, bound to an assignment."""

    activity = models.OneToOneField(
        Activity, on_delete=models.CASCADE, related_name="feedback_activity"
    )
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.activity} → {self.assignment}"
