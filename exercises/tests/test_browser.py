"""In a real browser: the class computes the house-price network by hand, marked through Celery.

The instructor starts the session and opens the exercise from the dashboard; six phones type
their numbers. One reloads mid-entry and finds its draft; four submit right answers; one makes
the sigmoid-derivative mistake in one field (∂L/∂z⁽¹⁾ with σ(z) where σ′(z) belongs) and sees
that field diagnosed and the field computed from it marked follow-through; one types a decimal
comma. The marks come from the real Celery worker. The projector's mistake map shows the counts
the database holds.

With ``EXERCISE_SCREENSHOTS=<directory>`` set, the phone, projector and dashboard are saved.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from classroom import services as core
from classroom.models import Course, Lesson
from exercises import services
from exercises.checker import key_compute, spec_load
from exercises.models import Submission
from tests.browser import guest_join, session_start

from .conftest import SPECS
from .test_services import key_answers

pytestmark = pytest.mark.browser

PASSWORD = "browser-exercise-pw"
SHOTS = os.environ.get("EXERCISE_SCREENSHOTS", "")
HOUSE = spec_load(SPECS / "house_price.json")
DZ = "layers.0.dz.0.0"
DW = "layers.0.dW.0.0"


def shot(page, name: str, full_page: bool = False) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def exercise_lesson(db):
    user = get_user_model().objects.create_user("ada", password=PASSWORD)
    course = Course.objects.create(code="COMP0088", title="Machine Learning", allow_guests=True)
    course.instructors.add(user)
    lesson = Lesson.objects.create(course=course, title="Neural Networks II")
    activity = core.activity_append(lesson_id=lesson.pk, kind="exercise", title="House price")
    source = (SPECS / "house_price.json").read_text(encoding="utf-8")
    return services.exercise_save(activity=activity, source=source, attempts=2)


def type_answers(page, answers: dict[str, str]) -> None:
    """Type every answer, as a student would, field by field (the last through the keyboard)."""
    paths = list(answers)
    page.evaluate(
        """(answers) => { for (const [path, value] of Object.entries(answers)) {
            const input = document.getElementById("f-" + path);
            input.value = value;
            input.dispatchEvent(new Event("input", { bubbles: true }));
        } }""",
        {p: answers[p] for p in paths[:-1]},
    )
    page.locator(f'[id="f-{paths[-1]}"]').fill(answers[paths[-1]])


def field(page, path: str):
    return page.locator(f'.field[data-path="{path}"]')


def test_the_class_computes_the_network_and_the_projector_maps_its_mistakes(
    gunicorn_server, celery_worker, exercise_lesson, desktop, phone, projector
):
    base = gunicorn_server.url
    dashboard = desktop()
    code, _path = session_start(dashboard, projector, base, username="ada", password=PASSWORD)
    names = ["Bo", "Cy", "Di", "Ed", "Flo", "Gus"]
    phones = []
    for name in names:
        page = phone()
        guest_join(page, base, code, name)
        phones.append(page)
    dashboard.locator("#participant-count").filter(has_text="6").wait_for()
    dashboard.click("#next-button")
    dashboard.locator("#exercise-open").click()
    for page in phones:
        page.locator('input[name="loss"]').wait_for()
    projector.locator(".net-diagram").first.wait_for()

    right = key_answers(HOUSE)
    key = key_compute(HOUSE)
    wrong_dz = key.layers[0].da[0][0] * key.layers[0].a[0][0]  # σ(z) where σ′(z) belongs
    x0 = float(HOUSE.inputs[0][0])
    mistaken = {**right, DZ: f"{wrong_dz:.6g}", DW: f"{wrong_dz * x0:.6g}"}
    comma = {**right, "loss": right["loss"].replace(".", ",")}

    # Bo types half, his draft is saved, he reloads: every number is still there.
    first_half = dict(list(right.items())[:10])
    type_answers(phones[0], first_half)
    phones[0].locator("#draft-status").filter(has_text="Draft saved").wait_for()
    phones[0].reload()
    for path, value in first_half.items():
        assert phones[0].locator(f'[id="f-{path}"]').input_value() == value
    shot(phones[0], "phone-draft")

    for page, answers in zip(phones, [right, right, right, right, mistaken, comma], strict=True):
        type_answers(page, answers)
        page.locator("form.exercise-form button[value=submit]").click()
    for page in phones:
        page.locator("#exercise-score").wait_for(timeout=30_000)

    # Flo's mistake is named; the field computed from it is right from her own value.
    flo = phones[4]
    assert field(flo, DZ).get_attribute("data-status") == "incorrect"
    diagnosis = field(flo, DZ).get_attribute("data-diagnosis")
    assert diagnosis
    assert field(flo, DW).get_attribute("data-status") == "follow_through"
    assert "own earlier value" in field(flo, DW).text_content()
    field(flo, DZ).scroll_into_view_if_needed()
    shot(flo, "phone-marked")
    # Gus's decimal comma is read as a number and marked right.
    assert field(phones[5], "loss").get_attribute("data-status") == "correct"
    for page in phones[:4]:
        assert page.locator("#exercise-score strong").text_content() == "100%"

    graded = Submission.objects.filter(status=Submission.Status.GRADED)
    assert graded.count() == 6 and all(s.tries == 1 for s in graded)

    dashboard.locator("#exercise-map-show").click()
    cell = projector.locator(
        f'#mistake-map g.cell[data-step="layers.0.dz"][data-outcome="{diagnosis}"]'
    )
    cell.wait_for(timeout=10_000)
    assert cell.get_attribute("data-count") == "1"
    correct = projector.locator(
        '#mistake-map g.cell[data-step="layers.0.dz"][data-outcome="correct"]'
    )
    assert correct.get_attribute("data-count") == "5"
    stored = sum(
        1 for s in graded for m in s.marks if m["path"] == DZ and m.get("diagnosis") == diagnosis
    )
    assert stored == 1
    shot(projector, "projector-map")
    shot(dashboard, "dashboard-exercise", full_page=True)
    for page in (*phones, projector):
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
