"""The demo lesson's debate (Neural Networks II, "Debate prep and debate").

The motions are word for word from the seed lesson; so are the Introducer's and the Finisher's
briefs ("Job is to ..."), as the lecturer wrote them on the slide. The speaking time is the one
the lesson's slide states: ``classroom.demo.content`` writes it into the slide and into the
activity's config (``{"debate": {"speaking_seconds": ...}}``), which this reads.
"""

from __future__ import annotations

from django.db import transaction

from classroom.models import Activity

from .models import DebateActivity, Motion, Role
from .services import DEFAULT_ROLES, DEFAULT_SPEAKING_SECONDS, debate_config_ensure

DEMO_MOTIONS: tuple[str, ...] = (
    "Some people argue that artificial neural networks, the mechanism behind current AI "
    "successes, are similar to biological neural networks because of their design and "
    "performance. Do you agree with this?",
    "\u201cDeep learning is hitting a wall\u201d. Do you agree with this statement?",
)

_SEED_BRIEFS = {
    "Introducer": "Job is to explain the claim without bias from your side of the argument.",
    "Finisher": "Job is to respond to the other arguments",
}
DEMO_ROLES: tuple[tuple[str, str], ...] = tuple(
    (name, _SEED_BRIEFS.get(name, brief)) for name, brief in DEFAULT_ROLES
)


@transaction.atomic
def demo_debate_configure(*, activity: Activity) -> DebateActivity:
    """Make an activity of kind ``debate`` the demo debate; running it again changes nothing.

    Every role speaks for the activity config's ``speaking_seconds`` (the default time when the
    config has none)."""
    seconds = (
        (activity.config or {}).get("debate", {}).get("speaking_seconds", DEFAULT_SPEAKING_SECONDS)
    )
    config = debate_config_ensure(activity=activity)
    config.group_size, config.prep_minutes, config.grace_seconds = 5, 10, 15
    config.save(update_fields=["group_size", "prep_minutes", "grace_seconds"])
    config.motions.exclude(position__lt=len(DEMO_MOTIONS)).delete()
    for position, text in enumerate(DEMO_MOTIONS):
        Motion.objects.update_or_create(debate=config, position=position, defaults={"text": text})
    # Renamed roles could clash with the demo's names mid-update, so the roles are rewritten.
    config.roles.all().delete()
    Role.objects.bulk_create(
        Role(
            debate=config,
            position=position,
            name=name,
            brief=brief,
            seconds=seconds,
        )
        for position, (name, brief) in enumerate(DEMO_ROLES)
    )
    return config
