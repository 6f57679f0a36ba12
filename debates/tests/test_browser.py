"""In a real browser: the instructor runs a debate; the projector and the phones follow it.

Set ``DEBATE_SHOTS=/some/dir`` to keep screenshots of the screens along the way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core_services
from classroom.models import Course, Lesson, LiveSession, Participant
from debates import services
from debates.demo import demo_debate_configure
from debates.models import DebateRoom, Seat
from tests.browser import guest_join, session_start, sign_in

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-pw"
SKEW_MS = 7000
# The phone's own clock runs 7 s fast: live.js reads Date.now(), so that is what is shifted.
SKEWED_CLOCK = f"""
(() => {{
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + {SKEW_MS};
}})();
"""


def _shot(page, name: str, *, full_page: bool = False) -> None:
    folder = os.environ.get("DEBATE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def debate_lesson(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    core_services.activity_append(lesson_id=lesson.pk, kind="note", title="Overview", body="Hi.")
    activity = core_services.activity_append(
        lesson_id=lesson.pk, kind="debate", title="Debate prep and debate"
    )
    demo_debate_configure(activity=activity)
    return lesson


def _sign_in(page, base: str, path: str) -> None:
    sign_in(page, base, path, username="ada", password=PASSWORD)


def _start_session(desktop, projector, base: str) -> tuple[str, str]:
    return session_start(desktop, projector, base, username="ada", password=PASSWORD)


LEFT_NOW = """() => {
  const clock = document.querySelector(".speech-clock");
  return clock.hasAttribute("data-frozen-ms")
    ? Number(clock.dataset.frozenMs)
    : Number(clock.dataset.deadline) - window.classroomClock.now();
}"""


def _left_ms(page) -> tuple[int, float]:
    """The time left on a screen's speech clock at this moment, as live.js computes what it
    shows (the server's deadline against the page's corrected clock), and when it was read.
    Computed rather than read off the display, which is redrawn only every 200 ms."""
    value = page.evaluate(LEFT_NOW)
    return round(value), time.monotonic()


def _agree(
    screens: dict[str, object], *, running: bool = True, tolerance_ms: int = 1000
) -> dict[str, int]:
    """Read every screen's clock one after the other, bring each running clock's reading to the
    moment of the first (it loses the real time between readings), and check they agree."""
    readings = {name: _left_ms(page) for name, page in screens.items()}
    first_at = min(at for _, at in readings.values())
    aligned = {
        name: left + (round((at - first_at) * 1000) if running else 0)
        for name, (left, at) in readings.items()
    }
    spread = max(aligned.values()) - min(aligned.values())
    assert spread <= tolerance_ms, f"screens disagree by {spread} ms: {aligned}"
    return aligned


def test_projector_and_phones_show_the_same_time_through_pause_and_resume(
    gunicorn_server, debate_lesson, desktop, phone, projector, wait_until
):
    base = gunicorn_server.url
    dashboard = desktop()
    code, _session_path = _start_session(dashboard, projector, base)

    names = [f"Guest {n:02d}" for n in range(1, 11)]
    skewed = phone()
    skewed.add_init_script(SKEWED_CLOCK)
    phones = [skewed] + [phone() for _ in names[1:]]
    for page, name in zip(phones, names, strict=True):
        guest_join(page, base, code, name)
    dashboard.locator("#participant-count").filter(has_text="10").wait_for()

    # The skewed phone measured its clock 7 s ahead of the server's.
    offset = wait_until(
        lambda: skewed.evaluate("Number(document.documentElement.dataset.clockOffset || 0)"),
        message="the skewed phone to measure its clock offset",
    )
    assert abs(offset + SKEW_MS) < 500, offset

    dashboard.click("#next-button")
    dashboard.locator("#current-title").filter(has_text="Overview").wait_for()
    dashboard.click("#next-button")
    dashboard.locator("#form-groups").filter(has_text="10 participants").wait_for()
    dashboard.click("#form-groups")
    dashboard.locator(".room-panel").first.wait_for()
    for page, name in zip(phones, names, strict=True):
        page.locator("#my-role").wait_for(timeout=8000)
        seat = Seat.objects.get(
            participant__display_name=name, participant__session__join_code=code
        )
        assert page.text_content("#my-role").strip() == seat.role_label
    assert Seat.objects.filter(room__formation__session__join_code=code).count() == 10

    dashboard.click("#start-prep")
    projector.locator(".debate-projector #prep-clock[data-deadline]").wait_for(timeout=8000)
    for page in phones:
        page.locator("#prep-clock[data-deadline]").wait_for(timeout=8000)
    _shot(phones[1], "phone-prep")
    _shot(projector, "projector-prep")

    room = DebateRoom.objects.get(formation__session__join_code=code)
    plain = phones[1]
    watched = {"projector": projector, "skewed phone": skewed, "phone": plain}
    dashboard.click(f"#room-{room.pk} button[value=start]")
    for page in watched.values():
        page.locator(".speech-clock[data-deadline]").first.wait_for(timeout=8000)
    wait_until(lambda: projector.get_attribute(".speech-clock", "data-left-ms"))
    _agree(watched)
    speaker = projector.text_content(f"#speaker-{room.pk}").strip()
    assert speaker == Seat.objects.get(room=room, order=0).participant.display_name
    _shot(plain, "phone-speech")
    _shot(projector, "projector-speech")
    _shot(dashboard, "dashboard-speech", full_page=True)

    dashboard.click(f"#room-{room.pk} button[value=pause]")
    for page in watched.values():
        page.locator(".speech-clock[data-frozen-ms]").first.wait_for(timeout=8000)
    frozen = {
        name: page.get_attribute(".speech-clock", "data-frozen-ms")
        for name, page in watched.items()
    }
    assert len(set(frozen.values())) == 1, frozen
    paused_left = _agree(watched, running=False, tolerance_ms=0)

    dashboard.click(f"#room-{room.pk} button[value=resume]")
    for page in watched.values():
        page.locator(".speech-clock[data-deadline]").first.wait_for(timeout=8000)
    wait_until(
        lambda: all(
            int(page.get_attribute(".speech-clock", "data-left-ms") or 10**9)
            < min(paused_left.values())
            for page in watched.values()
        ),
        message="every clock to run again after the resume",
    )
    resumed = _agree(watched)
    # The pause did not eat speaking time: the clock resumed from where it stood.
    assert min(paused_left.values()) - max(resumed.values()) < 3000

    for page in phones:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_audience_votes_and_the_projector_charts_the_swing(
    gunicorn_server, debate_lesson, desktop, phone, projector, wait_until
):
    base = gunicorn_server.url
    dashboard = desktop()
    code, _session_path = _start_session(dashboard, projector, base)
    voter = phone()
    guest_join(voter, base, code, "Vera")
    session = LiveSession.objects.get(join_code=code, status__in=["lobby", "running"])
    for n in range(19):
        Participant.objects.create(session=session, display_name=f"Student {n:02d}")
    dashboard.click("#next-button")
    dashboard.locator("#current-title").filter(has_text="Overview").wait_for()
    dashboard.click("#next-button")
    dashboard.click("#form-groups")
    dashboard.locator(".room-panel").nth(1).wait_for()
    vera = Participant.objects.get(session=session, display_name="Vera")
    # Vera speaks in one debate and is the audience of the other.
    room = (
        DebateRoom.objects.filter(formation__session=session).exclude(seats__participant=vera).get()
    )
    others = list(
        Participant.objects.filter(debate_seats__room__formation__session=session)
        .exclude(debate_seats__room=room)
        .exclude(pk=vera.pk)
        .order_by("pk")[:3]
    )

    dashboard.click(f"#room-{room.pk} button[value=vote-before]")
    # Each round's card is its own form: a step waits for the card of the round it votes in,
    # never the previous round's still on the screen until the phone's next poll.
    before = voter.locator(f'form[data-receipt="vote-{room.pk}-before"]')
    before.locator("button[value=against]").click()
    before.locator("button[value=against][aria-pressed=true]").wait_for()
    _shot(voter, "phone-vote")
    for participant, choice in zip(others, ("for", "against", "undecided"), strict=True):
        services.vote_cast(room_id=room.pk, participant_id=participant.pk, choice=choice)
    dashboard.click(f"#room-{room.pk} button[value=start]")
    projector.locator(f"#speaker-{room.pk}").wait_for()
    dashboard.click(f"#room-{room.pk} button[value=end]")
    dashboard.locator(f"#room-{room.pk} button[value=vote-after]").click()
    after = voter.locator(f'form[data-receipt="vote-{room.pk}-after"]')
    after.locator("button[value=for]").click()
    after.locator("button[value=for][aria-pressed=true]").wait_for()
    for participant, choice in zip(others, ("for", "for", "against"), strict=True):
        services.vote_cast(room_id=room.pk, participant_id=participant.pk, choice=choice)
    dashboard.locator(f"#room-{room.pk} button[value=vote-close]").click()

    # Before: for 1, against 2, undecided 1 of 4; after: for 3, against 1. For gains 50 points,
    # against loses 25.
    caption = projector.locator(".vote-chart figcaption").first
    caption.wait_for(timeout=8000)
    text = caption.text_content()
    assert "For +50 pts" in text and "Against \u221225 pts" in text, text
    assert "For wins the swing" in text
    labels = projector.locator(".vote-chart svg text").all_text_contents()
    assert "For 75%" in labels and "Against 50%" in labels, labels
    _shot(projector, "projector-vote-chart")
    _shot(dashboard, "dashboard-vote", full_page=True)
