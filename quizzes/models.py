"""The quiz of an activity, its questions, its runs and the answers given in them.

The terms (question type, choice, weight, credit …) are defined in :mod:`quizzes.spec` and
:mod:`quizzes.marking`. A **run** is one sitting of a quiz: the live run inside a classroom
live session, paced by the instructor, or a self-paced run open to the course's rostered
students until a deadline. Answers of different runs never mix.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from classroom.models import Activity, LiveSession, Participant, Student

from .spec import QuestionType, choice_letter


class Quiz(models.Model):
    """The configuration of an activity of kind ``quiz``."""

    class Credit(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", "All or nothing"
        PARTIAL = "partial", "Partial: the weights of the chosen answers"

    activity = models.OneToOneField(Activity, on_delete=models.CASCADE, related_name="quiz")
    speed_bonus = models.BooleanField(
        default=False,
        help_text="Full points within half a second, falling to half at the deadline.",
    )
    leaderboard = models.BooleanField(
        default=False, help_text="Show the top five by display name after each question."
    )
    multiple_credit = models.CharField(
        "multiple-select credit", max_length=20, choices=Credit, default=Credit.PARTIAL
    )

    class Meta:
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.activity.title


class Question(models.Model):
    class Type(models.TextChoices):
        SINGLE = "single", "Single choice"
        MULTIPLE = "multiple", "Multiple select"
        TRUEFALSE = "truefalse", "True/false"
        NUMERIC = "numeric", "Numeric"
        SHORT = "short", "Short text"

    class Format(models.TextChoices):
        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "HTML"
        PLAIN = "plain", "Plain text"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    type = models.CharField(max_length=12, choices=Type)
    title = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=200, blank=True)
    text = models.TextField(help_text="Markdown; $…$ and $$…$$ are LaTeX maths.")
    text_format = models.CharField(max_length=10, choices=Format, default=Format.MARKDOWN)
    image = models.FileField(upload_to="quizzes/", blank=True)
    explanation = models.TextField(
        blank=True, help_text="Shown after the reveal; GIFT's general feedback (####)."
    )
    points = models.PositiveSmallIntegerField(default=1)
    time_limit_seconds = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["quiz", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "position"], name="question_position_unique_in_quiz"
            ),
            models.CheckConstraint(
                condition=Q(type__in=[choice.value for choice in QuestionType]),
                name="question_type_known",
            ),
            models.CheckConstraint(
                condition=Q(time_limit_seconds__isnull=True) | Q(time_limit_seconds__gte=1),
                name="question_time_limit_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title or self.text[:60]}"


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField()
    text = models.TextField()
    weight = models.FloatField(
        default=0, help_text="% of the points: 100 for the right answer, 0 for a wrong one."
    )
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="choice_position_unique_in_question"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=-100, weight__lte=100), name="choice_weight_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.text[:60]}"

    @property
    def letter(self) -> str:
        return choice_letter(self.position - 1)


class NumericAnswer(models.Model):
    """An accepted range: ``value`` ± ``tolerance`` (absolute or relative), or low..high."""

    class Tolerance(models.TextChoices):
        ABSOLUTE = "absolute", "Absolute"
        RELATIVE = "relative", "Relative (a fraction of the value)"

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="numeric_answers")
    position = models.PositiveIntegerField()
    value = models.FloatField(null=True, blank=True)
    tolerance = models.FloatField(default=0)
    tolerance_kind = models.CharField(max_length=10, choices=Tolerance, default=Tolerance.ABSOLUTE)
    low = models.FloatField(null=True, blank=True)
    high = models.FloatField(null=True, blank=True)
    weight = models.FloatField(default=100)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="numeric_position_unique_in_question"
            ),
            models.CheckConstraint(
                condition=(
                    Q(value__isnull=False, low__isnull=True, high__isnull=True)
                    | Q(
                        value__isnull=True,
                        low__isnull=False,
                        high__isnull=False,
                        low__lte=F("high"),
                    )
                ),
                name="numeric_value_or_range",
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="numeric_tolerance_gte_0"),
            models.CheckConstraint(
                condition=Q(weight__gte=-100, weight__lte=100), name="numeric_weight_in_range"
            ),
        ]

    def __str__(self) -> str:
        if self.value is None:
            return f"{self.low}..{self.high}"
        unit = "×" if self.tolerance_kind == self.Tolerance.RELATIVE else ""
        return f"{self.value} ± {self.tolerance}{unit}"


class ShortAnswer(models.Model):
    """An accepted answer of a short-text question (case and surrounding space ignored)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="short_answers")
    position = models.PositiveIntegerField()
    text = models.CharField(max_length=200)
    weight = models.FloatField(default=100)
    feedback = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="short_position_unique_in_question"
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=-100, weight__lte=100), name="short_weight_in_range"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class QuizRun(models.Model):
    """One sitting of a quiz: live in a session, or self-paced until ``closes_at``.

    Only a live run moves through the states, one question at a time; ``deadline`` is the
    server's time at which the current question stops taking answers (none without a limit).
    """

    class Mode(models.TextChoices):
        LIVE = "live", "Live, paced by the instructor"
        SELF_PACED = "self_paced", "Self-paced, until a deadline"

    class State(models.TextChoices):
        LOBBY = "lobby", "in the lobby"
        OPEN = "open", "open"
        CLOSED = "closed", "closed"
        REVEALED = "revealed", "revealed"

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="runs")
    mode = models.CharField(max_length=12, choices=Mode)
    session = models.ForeignKey(
        LiveSession, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_runs"
    )
    closes_at = models.DateTimeField(null=True, blank=True)
    current_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State, default=State.LOBBY)
    opened_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(mode="live", session__isnull=False, closes_at__isnull=True)
                    | Q(mode="self_paced", session__isnull=True, closes_at__isnull=False)
                ),
                name="run_live_has_session_self_paced_has_deadline",
            ),
            models.UniqueConstraint(
                fields=["quiz", "session"],
                condition=Q(session__isnull=False),
                name="one_live_run_per_quiz_per_session",
            ),
            models.CheckConstraint(
                condition=~Q(state="open")
                | Q(current_question__isnull=False, opened_at__isnull=False),
                name="run_open_has_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} ({self.get_mode_display()})"


class Answer(models.Model):
    """The one answer of a participant (live) or a rostered student (self-paced) to a question.

    ``choice_ids`` are the chosen choices' keys, ``text`` what was typed; ``seconds`` is the
    time from the question's opening (live runs only).
    """

    run = models.ForeignKey(QuizRun, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_answers"
    )
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_answers"
    )
    choice_ids = models.JSONField(default=list, blank=True)
    text = models.CharField(max_length=200, blank=True)
    correct = models.BooleanField()
    credit = models.FloatField()
    points = models.FloatField()
    answered_at = models.DateTimeField()
    seconds = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["answered_at", "id"]
        indexes = [models.Index(fields=["run", "question"], name="answer_run_question")]
        constraints = [
            models.CheckConstraint(
                condition=Q(participant__isnull=False, student__isnull=True)
                | Q(participant__isnull=True, student__isnull=False),
                name="answer_by_participant_xor_student",
            ),
            models.UniqueConstraint(
                fields=["run", "question", "participant"],
                condition=Q(participant__isnull=False),
                name="one_answer_per_participant_per_question",
            ),
            models.UniqueConstraint(
                fields=["run", "question", "student"],
                condition=Q(student__isnull=False),
                name="one_answer_per_student_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} – {self.text or self.choice_ids}"
