from django.contrib import admin

from .instructor_login import AdminLoginForm
from .models import Activity, Course, Lesson, LiveSession, Participant, Student

# Both sign-in pages share the wrong-password limit.
admin.site.login_form = AdminLoginForm


class StudentInline(admin.TabularInline):
    model = Student
    fields = ("name", "student_number", "email")
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "allow_guests", "term_ends")
    filter_horizontal = ("instructors",)
    inlines = [StudentInline]


@admin.register(Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ("name", "student_number", "email", "course")
    list_filter = ("course",)
    search_fields = ("name", "student_number", "email")
    exclude = ("signin_token",)


class ActivityInline(admin.TabularInline):
    model = Activity
    fields = ("position", "kind", "title")
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "course", "created_at")
    list_filter = ("course",)
    inlines = [ActivityInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "lesson", "position")
    list_filter = ("kind", "lesson__course")


@admin.register(LiveSession)
class LiveSessionAdmin(admin.ModelAdmin):
    list_display = ("lesson", "join_code", "status", "created_at", "ended_at")
    list_filter = ("status",)
    readonly_fields = ("join_code", "version")


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ("display_name", "session", "student", "joined_at")
    exclude = ("key",)
