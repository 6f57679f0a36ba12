"""A discussion's replies in the Django admin, scoped to the instructor's own courses
(:mod:`classroom.admin_scope`)."""

from django.contrib import admin

from classroom.kinds.admin import CourseScopedAdmin

from .models import Reply


@admin.register(Reply)
class ReplyAdmin(CourseScopedAdmin):
    course_path = "session__lesson__course"
    list_display = ("text", "participant", "session", "hidden", "created_at")
    list_filter = ("hidden",)
