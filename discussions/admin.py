from django.contrib import admin

from .models import Reply


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("text", "participant", "session", "hidden", "created_at")
    list_filter = ("hidden",)
