"""In a real browser: a phone never counts a speech past its end on the server, and buzzes only
after a tap (issue 12, points 6 and 9).

A speech is over on the server at its allotted time plus the grace; from then on the phone shows
"Time's up" instead of a time, without waiting for its next poll, until a poll brings the next
speaker's clock. The speech in these tests began in the past, so that its end comes within
seconds.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from classroom import services as core
from classroom.models import Course, Lesson, Student
from debates import services
from debates.demo import demo_debate_configure
from debates.models import DebateRoom, Seat

pytestmark = pytest.mark.browser

SECONDS_BEFORE_THE_END = 8
# Counts navigator.vibrate calls (Chromium logs an error for one made before any user gesture)
# and says on the console when content has loaded and live.js has decided whether to buzz: its
# listener is the document's, this one the window's, which hears the event after it. Playwright
# runs evaluate() and locators as a user gesture, so a test touches the page only after that.
VIBRATE_SPY = """
(() => {
  const real = navigator.vibrate ? navigator.vibrate.bind(navigator) : () => false;
  window.__buzzes = 0;
  navigator.vibrate = (pattern) => { window.__buzzes += 1; return real(pattern); };
  window.addEventListener("htmx:load", (e) => {
    const active = navigator.userActivation.hasBeenActive;
    console.log(`loaded ${e.detail.elt.id || "page"} active=${active}`);
  });
})();
"""


def _loaded(what: str):
    return lambda message: message.text.startswith(f"loaded {what} ")


@pytest.fixture
def debate_under_way(db):
    """A live session in a debate of ten rostered students, the first speech under way and
    over on the server in a few seconds."""
    course = Course.objects.create(code="COMP0088", title="Machine Learning")
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="debate", title="Debate")
    config = demo_debate_configure(activity=activity)
    session = core.live_session_start(lesson_id=lesson.pk)
    core.live_session_goto(session=session, activity_id=activity.pk)
    for n in range(10):
        student = Student.objects.create(
            course=course, name=f"Student {n:02d}", student_number=f"{n:04d}",
            signin_token=f"speech-clock-token-{n}",
        )  # fmt: skip
        core.participant_join_student(session=session, student=student)
    formation = services.groups_form(session_id=session.pk, activity_id=activity.pk)
    room = DebateRoom.objects.filter(formation=formation).order_by("number").first()
    seats = list(Seat.objects.filter(room=room).order_by("order").select_related("participant"))
    first = seats[0]
    over_in = first.seconds + config.grace_seconds - SECONDS_BEFORE_THE_END
    services.debate_start(room_id=room.pk, now=timezone.now() - timedelta(seconds=over_in))
    return session, room, seats


def open_phone(phone, base: str, seat: Seat, code: str):
    page = phone()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_init_script(VIBRATE_SPY)
    page.goto(f"{base}/s/{seat.participant.student.signin_token}/")
    page.wait_for_url(f"{base}/live/{code}/")
    return page, errors


def test_a_phone_stops_the_clock_at_the_end_of_the_speech_until_the_next_arrives(
    gunicorn_server, debate_under_way, phone
):
    session, room, seats = debate_under_way
    base = gunicorn_server.url
    page, errors = open_phone(phone, base, seats[3], session.join_code)
    clock = page.locator(".phone-clock .speech-clock")
    clock.and_(page.locator("[data-ends]")).wait_for()
    # In the grace after the allotted time: the phone still counts, as over time.
    assert re.fullmatch(r"\+0:\d\d", clock.text_content()), clock.text_content()
    assert "is-ended" not in clock.get_attribute("class")

    # Every poll is answered "nothing new" now: what the phone shows next is its own doing.
    page.route("**/poll/**", lambda route: route.fulfill(status=204, body=""))
    page.locator(".phone-clock .speech-clock.is-ended").wait_for(
        timeout=(SECONDS_BEFORE_THE_END + 10) * 1000
    )
    assert clock.text_content() == "Time's up"
    assert page.text_content("#speaker-now").strip() == seats[0].participant.display_name

    # The chair hands over; the phone's next poll brings the next speaker and their clock.
    page.unroute("**/poll/**")
    services.debate_next(room_id=room.pk)
    page.locator("#speaker-now").filter(has_text=seats[1].participant.display_name).wait_for()
    assert "is-ended" not in clock.get_attribute("class")
    left_ms = int(clock.get_attribute("data-left-ms"))
    assert (seats[1].seconds - 5) * 1000 < left_ms <= seats[1].seconds * 1000
    assert errors == []


def test_a_reloaded_phone_buzzes_only_after_a_tap(gunicorn_server, debate_under_way, phone):
    session, room, seats = debate_under_way
    base = gunicorn_server.url
    # The second speaker is next: their phone shows "You are next", which buzzes.
    next_up, next_errors = open_phone(phone, base, seats[1], session.join_code)
    next_up.locator("#you-next").wait_for()
    with next_up.expect_console_message(_loaded("page")) as loaded:
        next_up.reload()
    assert loaded.value.text.endswith("active=false")
    assert next_up.locator("#you-next").is_visible()
    assert next_up.evaluate("window.__buzzes") == 0
    assert next_errors == []

    # The third speaker's phone has been tapped; when they become next, it buzzes once.
    third, third_errors = open_phone(phone, base, seats[2], session.join_code)
    third.locator(".live-bar").tap()
    with third.expect_console_message(_loaded("live")) as loaded:
        services.debate_next(room_id=room.pk)
    assert loaded.value.text.endswith("active=true")
    assert third.locator("#you-next").is_visible()
    assert third.evaluate("window.__buzzes") == 1
    assert third_errors == []
