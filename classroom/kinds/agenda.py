"""Adding an activity to a lesson's agenda."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from classroom.models import Activity

from .registry import get_kind


@transaction.atomic
def activity_append(*, lesson_id: int, kind: str, title: str, body: str = "") -> Activity:
    """An activity of a registered ``kind`` at the end of the lesson's agenda."""
    get_kind(kind)
    last = Activity.objects.filter(lesson_id=lesson_id).aggregate(m=Max("position"))["m"]
    return Activity.objects.create(
        lesson_id=lesson_id, position=(last or 0) + 1, kind=kind, title=title, body=body
    )
