"""The exercise kind's rows in the Django admin, scoped to the instructor's own courses."""

from django.contrib import admin

from classroom.kinds.admin import CourseScopedAdmin

from .models import Exercise, ExerciseRun, Submission


@admin.register(Exercise)
class ExerciseAdmin(CourseScopedAdmin):
    course_path = "activity__lesson__course"
    list_display = ("activity", "is_template", "per_student", "attempts", "reenter", "updated_at")


@admin.register(ExerciseRun)
class ExerciseRunAdmin(CourseScopedAdmin):
    course_path = "exercise__activity__lesson__course"
    list_display = ("exercise", "session", "state", "map_shown", "solution_steps", "created_at")
    list_filter = ("state",)


@admin.register(Submission)
class SubmissionAdmin(CourseScopedAdmin):
    course_path = "run__exercise__activity__lesson__course"
    list_display = (
        "participant",
        "run",
        "attempt",
        "status",
        "score",
        "received_at",
        "finished_at",
    )
    list_filter = ("status",)
    # The marking task writes these; the admin shows them.
    readonly_fields = (
        "run", "participant", "variant", "attempt", "answers", "answers_key", "status",
        "received_at", "started_at", "finished_at", "tries", "score", "marks", "error",
    )  # fmt: skip
