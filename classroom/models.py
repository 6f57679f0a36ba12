"""Courses, rosters, lessons, activities, live sessions and their participants."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

# Join codes avoid characters that are easily confused when read off a projector:
# no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
JOIN_CODE_LENGTH = 6


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Course(models.Model):
    title = models.CharField(max_length=200)
    code = models.CharField(max_length=40, help_text="A short code such as COMP0123.")
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="courses_taught")
    allow_guests = models.BooleanField(
        default=True, help_text="People not on the roster may join live sessions with a name."
    )
    term_ends = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code", "title"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Student(models.Model):
    """A rostered student of a course. ``signin_token`` is the secret of their personal link."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="students")
    name = models.CharField(max_length=200)
    student_number = models.CharField(max_length=40)
    email = models.EmailField(blank=True)
    signin_token = models.CharField(max_length=64, null=True, blank=True, unique=True)
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "student_number"], name="student_number_unique_in_course"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.student_number})"


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """One step of a lesson's agenda. ``kind`` names a registered activity kind."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True, help_text="Markdown; $…$ and $$…$$ are LaTeX maths.")
    config = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["lesson", "position"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "position"], name="activity_position_unique_in_lesson"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class LiveSession(models.Model):
    """One run of a lesson in a room."""

    class Status(models.TextChoices):
        LOBBY = "lobby", "In the lobby"
        RUNNING = "running", "Running"
        ENDED = "ended", "Ended"

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="live_sessions")
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOBBY)
    current_activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The part of the current activity's slide on show, from 0 (classroom.markup.slide_parts).
    slide_part = models.PositiveSmallIntegerField(default=0)
    # Bumped on every change phones must follow; mirrored in the cache for polling.
    version = models.PositiveIntegerField(default=1)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["join_code"],
                condition=~Q(status="ended"),
                name="join_code_unique_among_open_sessions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lesson} [{self.join_code}]"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.ENDED


class Participant(models.Model):
    """A phone in a live session: a rostered student (``student`` set) or a guest."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.CASCADE, related_name="participations"
    )
    display_name = models.CharField(max_length=60)
    # Identifies a guest's browser; kept in its session so a reload finds the same row.
    key = models.CharField(max_length=64, unique=True, default=new_token)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "student"],
                condition=Q(student__isnull=False),
                name="one_participant_per_student_per_session",
            ),
            # Two guests never share a name in a session (the join refuses it first, with a
            # message; this holds when two phones join with the same name at once).
            models.UniqueConstraint(
                Lower("display_name"),
                "session",
                condition=Q(student__isnull=True),
                name="guest_names_unique_in_session",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_guest(self) -> bool:
        return self.student_id is None
