"""The debate's models in the Django admin, scoped to the instructor's own courses
(:mod:`classroom.admin_scope`)."""

from django.contrib import admin

from classroom.kinds.admin import CourseScopedAdmin, ScopedInline

from .models import DebateActivity, DebateRoom, Formation, Motion, Role, Seat, Team, Vote


class MotionInline(ScopedInline):
    model = Motion
    extra = 0
    ordering = ["position"]


class RoleInline(ScopedInline):
    model = Role
    extra = 0
    ordering = ["position"]


@admin.register(DebateActivity)
class DebateActivityAdmin(CourseScopedAdmin):
    course_path = "activity__lesson__course"
    list_display = ["activity", "group_size", "prep_minutes", "grace_seconds"]
    list_select_related = ["activity"]
    raw_id_fields = ["activity"]
    inlines = [MotionInline, RoleInline]


class DebateRoomInline(ScopedInline):
    model = DebateRoom
    extra = 0
    fields = ["number", "motion", "state", "vote_open", "chair"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Formation)
class FormationAdmin(CourseScopedAdmin):
    course_path = "activity__lesson__course"
    list_display = ["activity", "session", "seed", "group_size", "created_at"]
    list_select_related = ["activity", "session__lesson"]
    raw_id_fields = ["session", "activity"]
    readonly_fields = ["created_at"]
    inlines = [DebateRoomInline]


class SeatInline(ScopedInline):
    model = Seat
    extra = 0
    fields = ["order", "participant", "team", "role_label", "seconds", "spoken"]
    readonly_fields = ["participant", "team", "role_label", "seconds"]
    ordering = ["order"]


@admin.register(DebateRoom)
class DebateRoomAdmin(CourseScopedAdmin):
    course_path = "formation__activity__lesson__course"
    list_display = ["__str__", "formation", "state", "current_position", "vote_open"]
    list_filter = ["state"]
    list_select_related = ["formation__activity", "formation__session__lesson"]
    raw_id_fields = ["formation", "chair"]
    inlines = [SeatInline]


@admin.register(Team)
class TeamAdmin(CourseScopedAdmin):
    course_path = "room__formation__activity__lesson__course"
    list_display = ["__str__", "room", "side"]
    list_select_related = ["room"]
    raw_id_fields = ["room"]


@admin.register(Vote)
class VoteAdmin(CourseScopedAdmin):
    course_path = "room__formation__activity__lesson__course"
    list_display = ["participant", "room", "round", "choice", "cast_at"]
    list_filter = ["round", "choice"]
    list_select_related = ["participant", "room"]
    raw_id_fields = ["room", "participant"]
