"""The registry of activity kinds, and the typed contract each kind fills in.

A kind is one :class:`ActivityKind` value, registered from its app's ``activity.py`` (imported in
the app's ``AppConfig.ready``). The package docstring of :mod:`classroom.kinds` explains the whole
interface; this module only keeps the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

if TYPE_CHECKING:
    from django.http import HttpRequest

    from classroom.models import Activity, LiveSession, Participant

Screen = Literal["phone", "projector", "dashboard"]
SCREENS: tuple[Screen, ...] = ("phone", "projector", "dashboard")


class ContextFn(Protocol):
    """What a kind adds to its partial's context for one screen.

    ``participant`` is the phone's participant on the ``phone`` screen and None on the others;
    ``request`` is None when a screen is rendered outside a request (a benchmark, a test).
    A dashboard or projector context may close what is overdue (a question past its deadline);
    a phone context only reads.
    """

    def __call__(
        self,
        *,
        session: LiveSession,
        activity: Activity,
        screen: Screen,
        participant: Participant | None,
        request: HttpRequest | None,
    ) -> dict[str, Any]: ...


class HookFn(Protocol):
    """``on_open`` / ``on_close``: run inside the transaction that makes ``activity`` current
    in ``session`` or leaves it."""

    def __call__(self, *, session: LiveSession, activity: Activity) -> None: ...


class DemoFn(Protocol):
    """Fills a fresh or existing activity with the demo lesson's content; idempotent."""

    def __call__(self, *, activity: Activity) -> None: ...


class ManageUrlFn(Protocol):
    """The instructor's page for one activity of the kind (questions, results), or None."""

    def __call__(self, activity: Activity) -> str | None: ...


@dataclass(frozen=True)
class Recap:
    """What one participant did in one activity of a session, for their end-of-class page."""

    # One line in plain words: "4 of 5 right", "3 of 4 steps right, attempt 2".
    text: str
    # A short figure shown large beside it ("80%", "7/10"); empty for none.
    figure: str = ""
    # The participant's page about it after class; empty when they have none (a guest).
    url: str = ""


class RecapFn(Protocol):
    """``recap``: what ``participant`` did in ``activity`` during ``session``, once the session
    has ended; None when they did nothing there (the activity never opened, nothing sent).
    Only reads; the phone's end-of-class page calls it once per activity of the agenda."""

    def __call__(
        self, *, session: LiveSession, activity: Activity, participant: Participant
    ) -> Recap | None: ...


class StudentPage(NamedTuple):
    """A signed-in student's after-class page of the kind: its label and its URL name."""

    label: str
    url_name: str


@dataclass(frozen=True)
class ActivityKind:
    """One kind of activity. Only ``key``, ``label`` and ``template`` are required."""

    key: str
    label: str
    # One template holding the ``phone``, ``projector`` and ``dashboard`` partials.
    template: str
    context: ContextFn | None = None
    on_open: HookFn | None = None
    on_close: HookFn | None = None
    configure_demo: DemoFn | None = None
    # Static JavaScript files the kind's partials need; every page loads them (partials are
    # swapped in by htmx, and the Content Security Policy forbids inline scripts).
    scripts: tuple[str, ...] = ()
    # Static stylesheets, likewise loaded in every page's <head>.
    styles: tuple[str, ...] = ()
    manage_url: ManageUrlFn | None = None
    student_page: StudentPage | None = None
    # What a participant did in an activity of the kind, shown when the class is over.
    recap: RecapFn | None = None

    def partial(self, screen: Screen) -> str:
        return f"{self.template}#{screen}"

    def build_context(
        self,
        *,
        session: LiveSession,
        activity: Activity,
        screen: Screen,
        participant: Participant | None = None,
        request: HttpRequest | None = None,
    ) -> dict[str, Any]:
        """The partial's context: what every kind gets, then what the kind adds."""
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


def student_pages() -> list[StudentPage]:
    return [kind.student_page for kind in all_kinds() if kind.student_page is not None]


def manage_url(activity: Activity) -> str | None:
    kind = _registry.get(activity.kind)
    return kind.manage_url(activity) if kind is not None and kind.manage_url else None


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.key, kind.label) for kind in all_kinds()]
