"""The settings of a debate activity."""

from __future__ import annotations

from django.db import transaction

from classroom.models import Activity

from ..models import (
    DEBATE_KIND,
    DebateActivity,
    Role,
)
from ._base import DebateError

DEFAULT_ROLES: tuple[tuple[str, str], ...] = (
    ("Introducer", "Explains the claim without bias from your side of the argument."),
    ("Argument 1", "Makes your side's first argument."),
    ("Argument 2", "Makes your side's second argument."),
    ("Argument 3", "Makes your side's third argument."),
    ("Finisher", "Responds to the other arguments."),
)
DEFAULT_SPEAKING_SECONDS = 120


@transaction.atomic
def debate_config_ensure(*, activity: Activity) -> DebateActivity:
    """The debate settings of an activity of kind ``debate``, created with the defaults."""
    if activity.kind != DEBATE_KIND:
        raise DebateError(f"activity {activity.pk} is of kind {activity.kind!r}, not 'debate'")
    config, created = DebateActivity.objects.get_or_create(activity=activity)
    if created:
        Role.objects.bulk_create(
            Role(
                debate=config,
                position=position,
                name=name,
                brief=brief,
                seconds=DEFAULT_SPEAKING_SECONDS,
            )
            for position, (name, brief) in enumerate(DEFAULT_ROLES)
        )
    return config
