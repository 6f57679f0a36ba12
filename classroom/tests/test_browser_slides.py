"""In a real browser, every slide of the demo lesson (issue 12, points 3 and 9).

On the projector, at 1920×1080 and at 1280×720: nothing of a slide lies outside the screen or is
cut off, list numbers included, and its text is never smaller than the floor (24 pt: 32 px at
1920×1080); a slide too long for that is shown in parts, each of which fits. On a 390×844 phone:
no console error, no sideways scroll of the page, no text under 14 px (maths included), and every
formula wider than the screen in a box that scrolls, with its shadow showing there is more.

Each agenda item of ``classroom.demo.content.AGENDA`` is shown as a note (its title and body, as
the projector shows a slide), with two longer slides made of the demo's own text.
Set ``SLIDE_SHOTS=/some/dir`` to keep a screenshot of every slide on each screen.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services
from classroom.demo.content import AGENDA
from classroom.models import Activity, Course, Lesson
from tests.browser import sign_in

from .test_slide_parts import LONG_LIST

pytestmark = pytest.mark.browser

PASSWORD = "browser-slides-pw"
FLOOR_PX_AT_1920 = 32
BY_HAND = [item for item in AGENDA if "by hand" in item["title"]]


def _shot(page, name: str, *, full_page: bool = False) -> None:
    folder = os.environ.get("SLIDE_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def demo_slides(db):
    """A lesson whose agenda is every demo item as a note, then two long slides."""
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    slides = [(item["title"], item["body"]) for item in AGENDA]
    slides.append(
        ("The forward and backward pass by hand", "\n\n".join(i["body"] for i in BY_HAND))
    )
    slides.append(("Thirty steps", LONG_LIST))
    for title, body in slides:
        services.activity_append(lesson_id=lesson.pk, kind="note", title=title, body=body)
    return lesson


def _each_part(lesson):
    """(activity, part number from 1, parts) for every part of every slide, in order."""
    for activity in Activity.objects.filter(lesson=lesson).order_by("position"):
        count = services.slide_part_count(activity)
        for part in range(1, count + 1):
            yield activity, part, count


def _show(session, activity, part):
    if part == 1:
        return services.live_session_goto(session=session, activity_id=activity.pk)
    return services.live_session_part(session=session, part=part - 1)


# Everything wrong with the slide on screen: any box outside the slide's own box (which clips
# what overflows it) or the screen, a formula or table that would need scrolling, a list number
# left of the slide, text under the floor.
SLIDE_PROBLEMS = """(floor) => {
  const problems = [];
  const box = document.querySelector(".slide-note");
  const clip = box.getBoundingClientRect();
  const name = (el) => el.tagName.toLowerCase()
    + (typeof el.className === "string" && el.className ? "." + el.className.split(" ")[0] : "");
  const where = (r) => [r.left, r.top, r.right, r.bottom].map(Math.round).join(",");
  if (clip.left < 0 || clip.top < 0 || clip.right > innerWidth || clip.bottom > innerHeight) {
    problems.push("the slide's box is outside the screen");
  }
  if (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1) {
    problems.push(`the slide overflows its box: ${box.scrollWidth}x${box.scrollHeight}`
      + ` in ${box.clientWidth}x${box.clientHeight}`);
  }
  for (const el of box.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;
    if (r.left < clip.left - 1 || r.right > clip.right + 1
        || r.top < clip.top - 1 || r.bottom > clip.bottom + 1) {
      problems.push(`${name(el)} lies outside the slide: ${where(r)}`);
    }
  }
  for (const el of box.querySelectorAll(".math-scroll, table")) {
    if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} needs scrolling`);
  }
  // A list's number sits left of its item, as wide as "12. " in the item's font.
  const probe = document.createElement("span");
  probe.style.setProperty("white-space", "pre");
  probe.style.setProperty("position", "absolute");
  document.body.appendChild(probe);
  for (const ol of box.querySelectorAll("ol")) {
    const start = parseInt(ol.getAttribute("start") || "1", 10);
    Array.from(ol.children).forEach((li, i) => {
      probe.style.setProperty("font", getComputedStyle(li).font);
      probe.textContent = `${start + i}. `;
      const left = li.getBoundingClientRect().left - probe.getBoundingClientRect().width;
      if (left < clip.left || left < 0) {
        problems.push(`the number ${start + i}. is cut at the left (${Math.round(left)})`);
      }
    });
  }
  probe.remove();
  for (const el of box.querySelectorAll(".slide-body :is(p, li, td, th)")) {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < floor - 0.1) problems.push(`${name(el)} text is ${size.toFixed(1)} px`);
  }
  return problems;
}"""


@pytest.mark.parametrize(
    ("width", "height"), [(1920, 1080), (1280, 720)], ids=["1920x1080", "1280x720"]
)
def test_every_slide_fits_the_projector(gunicorn_server, demo_slides, projector, width, height):
    session = services.live_session_start(lesson_id=demo_slides.pk)
    projector.set_viewport_size({"width": width, "height": height})
    path = f"/teach/sessions/{session.pk}/projector/"
    sign_in(projector, gunicorn_server.url, path, username="ada", password=PASSWORD)
    projector.locator("#join-code").wait_for()
    floor = FLOOR_PX_AT_1920 * width / 1920
    problems: dict[str, list[str]] = {}
    parted = {}
    for activity, part, count in _each_part(demo_slides):
        session = _show(session, activity, part)
        slide = projector.locator(
            f'.slide-note[data-activity="{activity.pk}"][data-part="{part}"][data-fitted]'
        )
        slide.wait_for()
        found = projector.evaluate(SLIDE_PROBLEMS, floor)
        if found:
            problems[f"{activity.title}, part {part} of {count}"] = found
        if count > 1:
            parted[activity.title] = count
            assert slide.locator(".slide-part-count").text_content() == f"{part}/{count}"
        _shot(projector, f"projector-{width}-{activity.position:02d}-{part}")
    assert problems == {}
    # Every slide of the demo fits one screen; the two long ones come in parts.
    assert set(parted) == {"The forward and backward pass by hand", "Thirty steps"}


# Everything wrong with the phone's page: sideways scroll, text under 14 px (maths included),
# a formula wider than the screen outside a scrolling box, or scrolling without its shadows.
PHONE_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) problems.push(`the page scrolls: ${root.scrollWidth}`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.textContent.trim()) continue;
    const el = text.parentElement;
    if (!el.getClientRects().length || el.closest(".visually-hidden")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 14) {
      problems.push(`"${text.textContent.trim().slice(0, 20)}" in ${el.tagName} is ${size} px`);
    }
  }
  for (const math of document.querySelectorAll("math")) {
    const size = parseFloat(getComputedStyle(math).fontSize);
    if (size < 14) problems.push(`a formula is ${size.toFixed(1)} px`);
    const r = math.getBoundingClientRect();
    const box = math.closest(".math-scroll");
    if (math.getAttribute("display") === "block" && !box) problems.push("a formula has no box");
    if (r.right <= innerWidth && r.left >= 0) continue;
    if (!box) {
      problems.push(`a formula runs off the screen: ${Math.round(r.right)}`);
      continue;
    }
    const b = box.getBoundingClientRect();
    const style = getComputedStyle(box);
    if (b.right > innerWidth || b.left < 0) problems.push("a formula's box runs off the screen");
    if (!["auto", "scroll"].includes(style.overflowX)) problems.push("a formula's box is fixed");
    if (!style.backgroundImage.includes("radial-gradient")) problems.push("no shadow at its edge");
  }
  return problems;
}"""


def test_every_slide_reads_on_a_phone(gunicorn_server, demo_slides, phone):
    session = services.live_session_start(lesson_id=demo_slides.pk)
    page = phone()
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{gunicorn_server.url}/j/{session.join_code}/")
    page.fill("#display_name", "Dee")
    page.click("button.primary")
    page.get_by_text("You're in").wait_for()
    problems: dict[str, list[str]] = {}
    scrolled = 0
    for activity, part, count in _each_part(demo_slides):
        session = _show(session, activity, part)
        page.locator(".activity h1", has_text=activity.title).wait_for()
        page.locator(f'.slide-part[data-part="{part}"]').wait_for()
        # A phone shows every part so far, the newest marked.
        assert page.locator(".slide-part").count() == part
        if count > 1:
            assert page.text_content("#part-progress").startswith(f"Part {part} of {count}")
        found = page.evaluate(PHONE_PROBLEMS)
        if found:
            problems[f"{activity.title}, part {part} of {count}"] = found
        scrolled += page.evaluate(
            "Array.from(document.querySelectorAll('.math-scroll'))"
            ".filter(b => b.scrollWidth > b.clientWidth).length"
        )
        _shot(page, f"phone-{activity.position:02d}-{part}", full_page=True)
    assert problems == {}
    assert errors == []
    # The by-hand slides' matrices are wider than the phone: they were there, in scroll boxes.
    assert scrolled >= len(BY_HAND)


def test_the_dashboard_steps_through_the_parts_and_every_screen_follows(
    gunicorn_server, demo_slides, desktop, projector, phone
):
    from tests.browser import session_start

    base = gunicorn_server.url
    dashboard = desktop()
    code, _path = session_start(dashboard, projector, base, username="ada", password=PASSWORD)
    page = phone()
    page.goto(f"{base}/j/{code}/")
    page.fill("#display_name", "Dee")
    page.click("button.primary")
    page.get_by_text("You're in").wait_for()
    steps, by_hand = Activity.objects.filter(lesson=demo_slides).order_by("-position")[:2]
    count = services.slide_part_count(by_hand)
    dashboard.locator(f'form input[name=activity][value="{by_hand.pk}"] + button').click()
    for part in range(1, count + 1):
        dashboard.locator("#part-number").filter(has_text=re.compile(f"^{part}$")).wait_for()
        projector.locator(f'.slide-note[data-part="{part}"][data-fitted]').wait_for()
        page.locator(f'.slide-part[data-part="{part}"]').wait_for()
        assert page.locator(".slide-part").count() == part
        _shot(dashboard, f"dashboard-part-{part}", full_page=True)
        dashboard.click("#next-button")
    # After the last part, Next goes on to the next slide, at its first part.
    dashboard.locator("#current-title").filter(has_text=steps.title).wait_for()
    projector.locator(f'.slide-note[data-activity="{steps.pk}"][data-part="1"]').wait_for()
    page.locator(".activity h1", has_text=steps.title).wait_for()
    # Back arrives at the last part of the slide before.
    dashboard.click("button[value=back]")
    dashboard.locator("#part-number").filter(has_text=re.compile(f"^{count}$")).wait_for()
    projector.locator(f'.slide-note[data-activity="{by_hand.pk}"][data-part="{count}"]').wait_for()
    page.locator(f'.slide-part[data-part="{count}"]').wait_for()
    # A part chosen on the dashboard: every screen shows it.
    dashboard.click(".part-show[value='0']")
    dashboard.locator("#part-number").filter(has_text=re.compile("^1$")).wait_for()
    projector.locator('.slide-note[data-part="1"][data-fitted]').wait_for()
    page.locator('.slide-part[data-part="2"]').wait_for(state="detached")
