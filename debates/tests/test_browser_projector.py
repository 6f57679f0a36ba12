"""In a real browser at 1920×1080: the debate projector reads from the back row (issue 12, point
4), and a class too small for two debates side by side debates the motions one after the other
(point 1).

Nothing the room must read on the debate projector is under 32 px; nothing of it is cut off,
hidden by an overflow or an ellipsis, or reaches the footer, with one debate and with two side
by side. Set ``DEBATE_SCREENSHOTS=/some/dir`` to keep the screens.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core_services
from classroom.demo.content import AGENDA, DEBATE_SPEAKING_SECONDS
from classroom.models import Course, Lesson, LiveSession, Participant
from debates import services
from debates.activity import speaking_time_text
from debates.demo import demo_debate_configure
from debates.models import DebateRoom, Seat
from tests.browser import guest_join, session_start

pytestmark = pytest.mark.browser

PASSWORD = "browser-test-pw"
MIN_PX = 32
# Real names of different lengths, the long ones where a layout breaks first.
NAMES = [
    "Amara Okonkwo-Fitzgerald",
    "Li Wei",
    "Maximilian Oyelaran",
    "Sofia Rossi",
    "Jonas Abernathy-Kowalski",
    "Priya Raghunathan",
    "Tom Lee",
    "Chiara Bellandi",
    "Oluwaseun Adeyemi",
    "Hannah Schmidt",
    "Mateo Fernández",
    "Aisha Rahman",
    "Grzegorz Brzęczyszczykiewicz",
    "Emma Brown",
    "Kenji Watanabe",
    "Fatima Zahra Benali",
    "Noah Williams",
    "Isabella Costa",
    "Dmitri Volkov",
    "Zoë Van den Berg",
    "Ingrid Johansson",
    "Rahul Venkataraman",
    "Lucía Domínguez Ortega",
    "Yusuf Demir",
    "Charlotte Dubois-Lefèvre",
    "Ben Carter",
    "Nguyen Thi Thu Trang",
    "Olivia Martin",
    "Alejandro Gutiérrez",
    "Mei Ling Tan",
]
# Beyond the named, for the largest classes.
NAMES += [f"Student {n:02d} Example" for n in range(len(NAMES), 61)]

# What a screen shows: the font size of every text the room reads, by kind, and every place
# where something is cut off, hidden or over the footer.
MEASURE = """() => {
  const root = document.querySelector(".debate-projector");
  const footer = document.querySelector(".projector-foot").getBoundingClientRect();
  const shown = (el) => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !el.closest(".visually-hidden");
  };
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const kinds = {
    motion: ".room-motion",
    side: ".side-tag",
    name: ".who, .speaker-big",
    clock: ".countdown",
  };
  const sizes = {};
  for (const [kind, selector] of Object.entries(kinds)) {
    sizes[kind] = [...root.querySelectorAll(selector)].filter(shown)
      .map((el) => [el.textContent.trim().slice(0, 40), px(el)]);
  }
  // Every text on the screen, but the bell's switch (the instructor's, not the room's).
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || !shown(el) || el.closest("#bell-toggle")) {
      continue;
    }
    texts.push([walker.currentNode.textContent.trim().slice(0, 40), px(el)]);
  }
  const problems = [];
  const name = (el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : "") +
    " '" + el.textContent.trim().slice(0, 30) + "'";
  for (const el of [root, ...root.querySelectorAll("*")]) {
    if (!shown(el) || el.closest("svg")) continue;
    const r = el.getBoundingClientRect();
    if (r.bottom > footer.top + 0.5) problems.push(`over the footer: ${name(el)}`);
    if (r.right > innerWidth + 0.5 || r.left < -0.5 || r.top < -0.5) {
      problems.push(`off the screen: ${name(el)}`);
    }
    const style = getComputedStyle(el);
    if (style.overflow !== "visible" &&
        (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
      problems.push(`clipped: ${name(el)} ${el.scrollHeight}>${el.clientHeight}`);
    }
    if (style.textOverflow === "ellipsis" || style.webkitLineClamp !== "none") {
      problems.push(`cut short with an ellipsis: ${name(el)}`);
    }
  }
  for (const clock of root.querySelectorAll(".countdown")) {
    if (clock.getClientRects().length > 1) problems.push(`a clock over two lines: ${name(clock)}`);
  }
  const slide = document.querySelector(".slide");
  if (slide.scrollHeight > slide.clientHeight + 1) {
    problems.push(`the slide overflows: ${slide.scrollHeight} > ${slide.clientHeight}`);
  }
  return {sizes, texts, problems};
}"""


def _shot(page, name: str, *, full_page: bool = False) -> None:
    folder = os.environ.get("DEBATE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def assert_readable_from_the_back_row(
    projector, *, kinds: tuple[str, ...], min_px: int = MIN_PX
) -> None:
    found = projector.evaluate(MEASURE)
    assert not found["problems"], found["problems"]
    for kind in kinds:
        assert found["sizes"][kind], f"no {kind} on the projector"
        small = [(text, px) for text, px in found["sizes"][kind] if px < min_px]
        assert not small, f"{kind} under {min_px} px: {small}"
    small = [(text, px) for text, px in found["texts"] if px < min_px]
    assert not small, f"text under {min_px} px: {small}"


@pytest.fixture
def debate_lesson(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    core_services.activity_append(lesson_id=lesson.pk, kind="note", title="Overview", body="Hi.")
    (item,) = [item for item in AGENDA if item["kind"] == "debate"]
    activity = core_services.activity_append(
        lesson_id=lesson.pk, kind="debate", title=item["title"], body=item["body"]
    )
    activity.config = item["config"]
    activity.save(update_fields=["config"])
    demo_debate_configure(activity=activity)
    return lesson


def _to_the_debate(dashboard) -> None:
    dashboard.click("#next-button")
    dashboard.locator("#current-title").filter(has_text="Overview").wait_for()
    dashboard.click("#next-button")
    dashboard.locator("#form-groups").wait_for()


# Four debates or more (35 students and up) share the screen at a smaller size: nothing is cut
# off, but the 32 px of the back row hold up to three.
@pytest.mark.parametrize(("debates", "min_px"), [(1, MIN_PX), (2, MIN_PX), (3, MIN_PX), (6, 24)])
def test_the_debate_projector_reads_from_the_back_row(
    gunicorn_server, debate_lesson, desktop, projector, debates, min_px
):
    base = gunicorn_server.url
    dashboard = desktop()
    code, _path = session_start(dashboard, projector, base, username="ada", password=PASSWORD)
    session = LiveSession.objects.get(join_code=code, status__in=["lobby", "running"])
    # Ten make one debate at a time (the motions one after the other), twenty two side by side,
    # thirty (the demo roster) three, sixty six.
    for name in NAMES[: 10 * debates]:
        Participant.objects.create(session=session, display_name=name)
    _to_the_debate(dashboard)
    dashboard.click("#form-groups")
    projector.locator(".room-card").nth(debates - 1).wait_for()
    rooms = list(DebateRoom.objects.filter(formation__session=session).order_by("number"))
    assert len(rooms) == debates
    services.prep_start(formation_id=rooms[0].formation_id)
    projector.locator("#prep-clock[data-deadline]").wait_for()
    _shot(projector, f"projector-{debates}-prep")
    assert_readable_from_the_back_row(
        projector, kinds=("motion", "side", "name", "clock"), min_px=min_px
    )

    for room in rooms:
        services.debate_start(room_id=room.pk)
        services.debate_next(room_id=room.pk)
    for room in rooms:
        projector.locator(f"#speaker-{room.pk}").filter(
            has_text=Seat.objects.get(room=room, order=1).participant.display_name
        ).wait_for()
    _shot(projector, f"projector-{debates}-speech")
    assert_readable_from_the_back_row(
        projector, kinds=("motion", "side", "name", "clock"), min_px=min_px
    )
    # The long first motion is there in full, not cut short.
    motion = projector.locator(".room-motion").first.text_content()
    assert motion.strip() == rooms[0].motion

    for room in rooms:
        services.debate_end(room_id=room.pk)
    projector.locator(".room-live.state-finished").nth(debates - 1).wait_for()
    _shot(projector, f"projector-{debates}-over")
    assert_readable_from_the_back_row(projector, kinds=("motion",), min_px=min_px)


def test_eight_phones_debate_both_motions_one_after_the_other_with_new_roles(
    gunicorn_server, debate_lesson, desktop, phone, projector
):
    base = gunicorn_server.url
    dashboard = desktop()
    code, _path = session_start(dashboard, projector, base, username="ada", password=PASSWORD)
    phones = {name: phone() for name in NAMES[:2]}
    for name, page in phones.items():
        guest_join(page, base, code, name)
    session = LiveSession.objects.get(join_code=code, status__in=["lobby", "running"])
    for name in NAMES[2:8]:
        Participant.objects.create(session=session, display_name=name)
    _to_the_debate(dashboard)
    plan = dashboard.locator("#debate-plan")
    assert "8 participants present: two debates one after the other: roles rotate for the " in (
        plan.text_content()
    )
    dashboard.click("#form-groups")
    dashboard.locator(".room-panel").wait_for()
    first = {}
    for name, page in phones.items():
        seat = Seat.objects.get(participant__session=session, participant__display_name=name)
        page.locator("#my-role").filter(has_text=seat.role_label).wait_for()
        first[name] = seat
        # The speaking time is on the role card, large: the demo's one minute a role (a seat
        # holding two roles speaks for both).
        time = page.locator("#my-speaking-time .speak-time-value")
        seconds = DEBATE_SPEAKING_SECONDS * len(seat.roles)
        assert (seat.seconds, time.text_content()) == (seconds, speaking_time_text(seconds))
        assert float(time.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= MIN_PX
    _shot(phones[NAMES[0]], "phone-first-motion")

    room = DebateRoom.objects.get(formation__session=session)
    dashboard.click(f"#room-{room.pk} button[value=start]")
    dashboard.click(f"#room-{room.pk} button[value=end]")
    dashboard.locator("#next-stage").filter(has_text="Start the second motion").click()
    dashboard.locator("#next-stage").wait_for(state="detached")
    title = projector.locator(".slide-title")
    title.filter(has_text="Prepare the second motion: new roles").wait_for()
    _shot(projector, "projector-second-motion-prep")
    assert_readable_from_the_back_row(projector, kinds=("motion", "side", "name", "clock"))
    _shot(dashboard, "dashboard-second-motion", full_page=True)
    for name, page in phones.items():
        seat = Seat.objects.get(
            stage=2, participant__session=session, participant__display_name=name
        )
        page.locator("#my-role").filter(has_text=seat.role_label).wait_for()
        assert not set(seat.roles) & set(first[name].roles)
        page.locator("#new-role").filter(has_text=first[name].role_label).wait_for()
    _shot(phones[NAMES[0]], "phone-second-motion")
