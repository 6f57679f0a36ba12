"""The core's models in the Django admin, each scoped to the instructor's own courses
(:mod:`classroom.admin_scope`); both sign-in pages share the wrong-password limit."""

from django.contrib import admin

from .admin_scope import CourseScopedAdmin, ScopedInline
from .instructor_login import AdminLoginForm
from .models import Activity, Course, Lesson, LiveSession, Participant, Student

admin.site.login_form = AdminLoginForm


class StudentInline(ScopedInline):
    model = Student
    fields = ("name", "student_number", "email")
    extra = 0


@admin.register(Course)
class CourseAdmin(CourseScopedAdmin):
    course_path = ""
    list_display = ("code", "title", "allow_guests", "term_ends")
    filter_horizontal = ("instructors",)
    inlines = [StudentInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # A course an instructor adds stays among theirs.
        if not change and not request.user.is_superuser:
            form.instance.instructors.add(request.user)


@admin.register(Student)
class StudentAdmin(CourseScopedAdmin):
    course_path = "course"
    list_display = ("name", "student_number", "email", "course")
    list_filter = (("course", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "student_number", "email")
    exclude = ("signin_token",)


class ActivityInline(ScopedInline):
    model = Activity
    fields = ("position", "kind", "title")
    extra = 0


@admin.register(Lesson)
class LessonAdmin(CourseScopedAdmin):
    course_path = "course"
    list_display = ("title", "course", "created_at")
    list_filter = (("course", admin.RelatedOnlyFieldListFilter),)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(CourseScopedAdmin):
    course_path = "lesson__course"
    list_display = ("title", "kind", "lesson", "position")
    list_filter = ("kind", ("lesson__course", admin.RelatedOnlyFieldListFilter))


@admin.register(LiveSession)
class LiveSessionAdmin(CourseScopedAdmin):
    course_path = "lesson__course"
    list_display = ("lesson", "join_code", "status", "created_at", "ended_at")
    list_filter = ("status",)
    readonly_fields = ("join_code", "version")


@admin.register(Participant)
class ParticipantAdmin(CourseScopedAdmin):
    course_path = "session__lesson__course"
    list_display = ("display_name", "session", "student", "joined_at")
    exclude = ("key",)
