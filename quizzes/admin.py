"""The quiz's models in the Django admin, scoped to the instructor's own courses
(:mod:`classroom.admin_scope`)."""

from django.contrib import admin

from classroom.kinds.admin import CourseScopedAdmin, ScopedInline

from .models import Answer, Choice, NumericAnswer, Question, Quiz, QuizRun, ShortAnswer


class QuestionInline(ScopedInline):
    model = Question
    fields = ["position", "type", "text", "points", "time_limit_seconds"]
    extra = 0
    show_change_link = True


@admin.register(Quiz)
class QuizAdmin(CourseScopedAdmin):
    course_path = "activity__lesson__course"
    list_display = ["__str__", "activity", "speed_bonus", "leaderboard", "multiple_credit"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]
    inlines = [QuestionInline]


class ChoiceInline(ScopedInline):
    model = Choice
    fields = ["position", "text", "weight", "feedback"]
    extra = 0


class NumericAnswerInline(ScopedInline):
    model = NumericAnswer
    fields = [
        "position",
        "value",
        "tolerance",
        "tolerance_kind",
        "low",
        "high",
        "weight",
        "feedback",
    ]
    extra = 0


class ShortAnswerInline(ScopedInline):
    model = ShortAnswer
    fields = ["position", "text", "weight", "feedback"]
    extra = 0


@admin.register(Question)
class QuestionAdmin(CourseScopedAdmin):
    course_path = "quiz__activity__lesson__course"
    list_display = ["__str__", "quiz", "type", "points", "time_limit_seconds"]
    list_filter = ["type"]
    list_select_related = ["quiz__activity"]
    search_fields = ["text", "title"]
    raw_id_fields = ["quiz"]
    inlines = [ChoiceInline, NumericAnswerInline, ShortAnswerInline]


@admin.register(QuizRun)
class QuizRunAdmin(CourseScopedAdmin):
    course_path = "quiz__activity__lesson__course"
    list_display = ["__str__", "mode", "session", "state", "current_question", "closes_at"]
    list_filter = ["mode", "state"]
    list_select_related = ["quiz__activity", "session__lesson", "current_question"]
    raw_id_fields = ["quiz", "session", "current_question"]


@admin.register(Answer)
class AnswerAdmin(CourseScopedAdmin):
    course_path = "run__quiz__activity__lesson__course"
    list_display = ["question", "participant", "student", "correct", "points", "answered_at"]
    list_filter = ["correct"]
    list_select_related = ["question", "participant", "student"]
    raw_id_fields = ["run", "question", "participant", "student"]
