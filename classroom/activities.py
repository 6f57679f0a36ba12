"""The activity mechanism: how an app plugs a kind of activity into a live lesson.

An **activity kind** is registered by the app that owns it, from its ``activity.py`` (imported in
its ``AppConfig.ready``). ``classroom`` renders kinds only through this registry and never imports
the apps that define them.

A kind names one template holding three partials, one for each **screen**:

- ``phone``: what a participant's phone shows while the activity is current;
- ``projector``: the big-screen view, read from the back of the room;
- ``dashboard``: the instructor's controls and live figures for it.

Each partial is rendered with ``session``, ``activity``, ``screen`` and, on phones,
``participant``, plus whatever the kind's ``context`` function adds. ``on_open`` and
``on_close`` run inside the transaction that makes the activity current or leaves it.
``configure_demo(activity=...)`` lets ``load_demo`` give a kind's activity its demo content.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from .models import Activity, LiveSession, Participant

Screen = Literal["phone", "projector", "dashboard"]
SCREENS: tuple[Screen, ...] = ("phone", "projector", "dashboard")

ContextFn = Callable[..., dict[str, Any]]
HookFn = Callable[..., None]


@dataclass(frozen=True)
class ActivityKind:
    key: str
    label: str
    template: str
    context: ContextFn | None = None
    on_open: HookFn | None = None
    on_close: HookFn | None = None
    # Fills a fresh or existing activity with the demo lesson's content; must be idempotent.
    configure_demo: HookFn | None = None
    # Static JavaScript files the kind's partials need; every page loads them (partials are
    # swapped in by htmx, and the Content Security Policy forbids inline scripts).
    scripts: tuple[str, ...] = ()
    # Static stylesheets, likewise loaded in every page's <head>.
    styles: tuple[str, ...] = ()
    # The instructor's page for one activity of this kind (questions, results), if it has one.
    manage_url: Callable[[Activity], str | None] | None = None
    # A signed-in student's after-class page for this kind: (label, URL name).
    student_page: tuple[str, str] | None = None

    def partial(self, screen: Screen) -> str:
        return f"{self.template}#{screen}"

    def build_context(
        self,
        *,
        session: LiveSession,
        activity: Activity,
        screen: Screen,
        participant: Participant | None = None,
        request: Any = None,
    ) -> dict[str, Any]:
        ctx: dict[str, Any] = {
            "session": session,
            "activity": activity,
            "screen": screen,
            "participant": participant,
            "kind": self,
        }
        if self.context is not None:
            ctx.update(
                self.context(
                    session=session,
                    activity=activity,
                    screen=screen,
                    participant=participant,
                    request=request,
                )
            )
        return ctx


_registry: dict[str, ActivityKind] = {}


class UnknownActivityKind(LookupError):
    pass


def register(kind: ActivityKind) -> ActivityKind:
    existing = _registry.get(kind.key)
    if existing is not None and existing != kind:
        raise ValueError(f"activity kind {kind.key!r} is registered twice")
    _registry[kind.key] = kind
    return kind


def get_kind(key: str) -> ActivityKind:
    try:
        return _registry[key]
    except KeyError:
        raise UnknownActivityKind(f"no activity kind is registered as {key!r}") from None


def all_kinds() -> list[ActivityKind]:
    return sorted(_registry.values(), key=lambda kind: kind.label)


def all_scripts() -> list[str]:
    return list(dict.fromkeys(src for kind in all_kinds() for src in kind.scripts))


def all_styles() -> list[str]:
    return list(dict.fromkeys(href for kind in all_kinds() for href in kind.styles))


def student_pages() -> list[tuple[str, str]]:
    return [kind.student_page for kind in all_kinds() if kind.student_page is not None]


def manage_url(activity: Activity) -> str | None:
    kind = _registry.get(activity.kind)
    return kind.manage_url(activity) if kind is not None and kind.manage_url else None


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]
