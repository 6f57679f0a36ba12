"""Assignment feedback in the Django admin, scoped to the instructor's own courses."""

from django.contrib import admin

from classroom.kinds.admin import CourseScopedAdmin, ScopedInline

from .models import Assignment, Email, Feedback, Query, RubricItem


class RubricInline(ScopedInline):
    model = RubricItem
    fields = ("position", "points", "text")
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(CourseScopedAdmin):
    course_path = "course"
    list_display = ("title", "course", "state", "release_at", "released_at")
    list_filter = ("state",)
    inlines = [RubricInline]
    readonly_fields = ("state", "release_at", "released_at", "release_base_url")


@admin.register(Feedback)
class FeedbackAdmin(CourseScopedAdmin):
    course_path = "assignment__course"
    list_display = ("student", "assignment", "score", "first_viewed_at", "acknowledged_at")
    readonly_fields = ("first_viewed_at", "last_viewed_at", "views", "acknowledged_at")
    exclude = ("rubric_items",)


@admin.register(Query)
class QueryAdmin(CourseScopedAdmin):
    course_path = "feedback__assignment__course"
    list_display = ("feedback", "state", "asked_at", "answered_at")
    list_filter = ("state",)
    readonly_fields = ("feedback", "rubric_item", "reason", "asked_at", "key")


@admin.register(Email)
class EmailAdmin(CourseScopedAdmin):
    course_path = "feedback__assignment__course"
    list_display = ("feedback", "kind", "ref", "created_at", "sent_at", "tries")
    list_filter = ("kind",)
    readonly_fields = ("feedback", "kind", "ref", "base_url", "sent_at", "tries", "error")
