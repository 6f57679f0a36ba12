"""The demo lesson's content: its agenda follows the seed, its maths renders, its worked
examples are arithmetically right, and its roster imports cleanly. No database is touched."""

from __future__ import annotations

import csv
import math
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from latex2mathml.converter import convert as latex_to_mathml

from classroom.demo import ROSTER_CSV
from classroom.demo.content import (
    AGENDA,
    COURSE,
    GRADIENT_STEP_EXAMPLE,
    HOUSE_PRICE_EXAMPLE,
    LESSON_TITLE,
    SIGMOID_EXAMPLE,
    SOFTMAX_EXAMPLE,
    UNWELL_EXAMPLE,
)
from classroom.markup import render_markdown
from classroom.roster import roster_parse

SIX_KINDS = {"note", "discussion", "quiz", "debate", "exercise", "feedback"}

MOTION_1 = (
    "Some people argue that artificial neural networks, the mechanism behind current AI "
    "successes, are similar to biological neural networks because of their design and "
    "performance. Do you agree with this?"
)
MOTION_2 = "“Deep learning is hitting a wall”. Do you agree with this statement?"

# The same delimiters classroom.markup recognises: $$display$$, $inline$ (no space inside the
# dollars), and \$ for a literal dollar sign.
MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(?!\s)(.+?)(?<![\\\s])\$", re.DOTALL)

ITEMS = pytest.mark.parametrize("item", AGENDA, ids=[item["title"] for item in AGENDA])


def maths_problems(text: str) -> list[str]:
    """Every maths fragment latex2mathml cannot convert, and any dollar sign left unmatched."""
    problems = []
    for display, inline in MATH.findall(text):
        latex = display or inline
        try:
            latex_to_mathml(latex.strip())
        except Exception as error:  # noqa: BLE001 - any failure to convert is the finding
            problems.append(f"{latex!r}: {type(error).__name__}")
    if re.search(r"(?<!\\)\$", MATH.sub("", text)):
        problems.append("a $ that opens or closes no maths")
    return problems


def body_of(title: str) -> str:
    return next(item["body"] for item in AGENDA if item["title"] == title)


def agrees(stated: float, exact: float) -> bool:
    """Whether ``stated`` is ``exact`` correctly rounded to the decimals ``stated`` shows."""
    decimals = -Decimal(str(stated)).as_tuple().exponent
    return abs(stated - exact) <= 0.5 * 10.0**-decimals + 1e-12


def shown(value: float, body: str) -> bool:
    return str(value) in body or f"{value:.10f}".rstrip("0") in body


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def house_forward(params: dict) -> dict:
    x = HOUSE_PRICE_EXAMPLE["x"]
    z1 = [
        sum(w * xi for w, xi in zip(row, x, strict=True)) + b
        for row, b in zip(params["W1"], params["b1"], strict=True)
    ]
    a1 = [sigmoid(z) for z in z1]
    y_hat = sum(w * a for w, a in zip(params["W2"], a1, strict=True)) + params["b2"]
    loss = 0.5 * (y_hat - HOUSE_PRICE_EXAMPLE["y"]) ** 2
    return {"z1": z1, "a1": a1, "y_hat": y_hat, "loss": loss}


def house_params() -> dict:
    return {
        "W1": [list(row) for row in HOUSE_PRICE_EXAMPLE["W1"]],
        "b1": list(HOUSE_PRICE_EXAMPLE["b1"]),
        "W2": list(HOUSE_PRICE_EXAMPLE["W2"]),
        "b2": HOUSE_PRICE_EXAMPLE["b2"],
    }


def finite_difference(params: dict, name: str, *index: int, h: float = 1e-6) -> float:
    def loss_with(delta: float) -> float:
        moved = house_params()
        moved.update({k: v for k, v in params.items() if k != name})
        if not index:
            moved[name] = params[name] + delta
        elif len(index) == 1:
            moved[name][index[0]] += delta
        else:
            moved[name][index[0]][index[1]] += delta
        return house_forward(moved)["loss"]

    return (loss_with(h) - loss_with(-h)) / (2 * h)


class TestAgenda:
    def test_lesson_and_course_are_named(self):
        assert LESSON_TITLE == "Neural Networks II"
        assert COURSE["code"].strip()
        assert COURSE["title"].strip()

    @ITEMS
    def test_item_has_a_known_kind_a_title_and_a_body(self, item):
        assert {"kind", "title", "body"} <= set(item) <= {"kind", "title", "body", "config"}
        assert item["kind"] in SIX_KINDS
        assert item["title"].strip()
        assert item["body"].strip()

    def test_titles_are_unique(self):
        titles = [item["title"] for item in AGENDA]
        assert len(titles) == len(set(titles))

    def test_agenda_follows_the_seed_order(self):
        kinds = [item["kind"] for item in AGENDA]
        assert kinds == [
            "note",  # overview
            "quiz",
            "debate",
            "note",  # the forward pass
            "note",  # the sigmoid
            "exercise",  # house price, regression
            "note",  # softmax
            "exercise",  # unwell or not, classification
            "note",  # gradient descent recap
            "note",  # the backward pass
            "exercise",  # one gradient-descent step
            "feedback",
            "discussion",
            "note",  # [Extra] language model research task
            "exercise",  # [After class] house price with each student's own numbers
        ]
        assert AGENDA[-2]["title"].startswith("[Extra]")
        assert AGENDA[-1]["title"].startswith("[After class]")

    def test_debate_states_both_motions_word_for_word(self):
        (debate,) = [item["body"] for item in AGENDA if item["kind"] == "debate"]
        assert MOTION_1 in debate
        assert MOTION_2 in debate

    def test_debate_states_the_format_and_the_five_roles(self):
        (debate,) = [item["body"] for item in AGENDA if item["kind"] == "debate"]
        assert "Groups of 5 (all must speak)" in debate
        assert (
            "“Introducer” → Job is to explain the claim without bias from your side of the "
            "argument." in debate
        )
        assert "“Finisher” → Job is to respond to the other arguments" in debate
        for n in (1, 2, 3):
            assert f"Argument {n}" in debate

    @ITEMS
    def test_slide_fits_one_projector_screen(self, item):
        words = len(MATH.sub("", item["body"]).split())
        assert words <= (150 if item["kind"] == "exercise" else 120), f"{words} words"


class TestMaths:
    @ITEMS
    def test_every_maths_fragment_converts_to_mathml(self, item):
        assert maths_problems(item["body"]) == []

    @ITEMS
    def test_slide_renders_each_fragment_as_mathml(self, item):
        html = render_markdown(item["body"])
        assert "math-error" not in html
        assert html.count("<math") == len(MATH.findall(item["body"]))

    @ITEMS
    def test_markdown_lists_render_as_lists(self, item):
        # Python-Markdown needs a blank line before a list; without it the items stay text.
        html = render_markdown(item["body"])
        assert not re.search(r"^\s*(?:- |\d+\. )", html, re.MULTILINE)

    def test_check_accepts_latex_that_converts(self):
        assert maths_problems(r"$W = \begin{bmatrix} 1 & 2 \end{bmatrix}$") == []

    def test_check_rejects_latex_that_does_not_convert(self):
        assert maths_problems(r"$W = \begin{bmatrix} 1 & 2$") != []

    def test_check_accepts_an_escaped_dollar(self):
        assert maths_problems(r"It costs \$5.") == []

    def test_check_rejects_an_unmatched_dollar(self):
        assert maths_problems(r"It costs $5.") != []


class TestWorkedExamples:
    def test_softmax_example_matches_the_exponentials(self):
        ex = SOFTMAX_EXAMPLE
        exps = [math.exp(z) for z in ex["logits"]]
        total = sum(exps)
        for stated, exact in zip(ex["exponentials"], exps, strict=True):
            assert agrees(stated, exact), (stated, exact)
        assert agrees(ex["total"], total)
        for stated, e in zip(ex["probabilities"], exps, strict=True):
            assert agrees(stated, e / total), (stated, e / total)
        assert len(ex["classes"]) == len(ex["logits"])

    def test_softmax_slide_shows_the_example_numbers(self):
        body = body_of("Scaling outputs with the softmax function")
        ex = SOFTMAX_EXAMPLE
        for value in (*ex["logits"], *ex["exponentials"], ex["total"], *ex["probabilities"]):
            assert shown(value, body), value
        for name in ex["classes"]:
            assert name in body

    def test_agrees_refuses_a_wrongly_rounded_number(self):
        assert agrees(0.659, math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1)))
        assert not agrees(0.658, math.exp(2) / (math.exp(2) + math.exp(1) + math.exp(0.1)))

    def test_sigmoid_example(self):
        ex = SIGMOID_EXAMPLE
        s = sigmoid(ex["z"])
        assert agrees(ex["sigma"], s)
        assert agrees(ex["derivative"], s * (1 - s))
        body = body_of("The sigmoid function")
        assert shown(ex["sigma"], body)
        assert shown(ex["derivative"], body)

    def test_house_price_forward_pass(self):
        ex = HOUSE_PRICE_EXAMPLE
        assert ex["x"] == (ex["size_m2"] / 100, ex["rooms"] / 6)
        result = house_forward(house_params())
        for key in ("z1", "a1"):
            for stated, exact in zip(ex[key], result[key], strict=True):
                assert agrees(stated, exact), (key, stated, exact)
        assert agrees(ex["y_hat"], result["y_hat"])
        assert agrees(ex["loss"], result["loss"])
        body = body_of("The forward pass by hand: house price prediction (a regression problem)")
        for value in (*ex["x"], *ex["z1"], *ex["a1"], ex["y_hat"], ex["loss"], ex["b2"]):
            assert shown(value, body), value

    def test_gradient_step_gradients_match_finite_differences(self):
        ex, params = GRADIENT_STEP_EXAMPLE, house_params()
        forward = house_forward(params)
        assert agrees(ex["dz2"], forward["y_hat"] - HOUSE_PRICE_EXAMPLE["y"])
        assert agrees(ex["dz2"], finite_difference(params, "b2"))
        for j in range(2):
            assert agrees(ex["dW2"][j], finite_difference(params, "W2", j))
            assert agrees(ex["dz1"][j], finite_difference(params, "b1", j))
            assert agrees(ex["da1"][j], params["W2"][j] * (forward["y_hat"] - 2.0))
            for k in range(2):
                assert agrees(ex["dW1"][j][k], finite_difference(params, "W1", j, k))

    def test_gradient_step_updates_and_improves_the_prediction(self):
        ex, params = GRADIENT_STEP_EXAMPLE, house_params()
        eta = ex["eta"]
        stepped = {
            "W1": [
                [w - eta * finite_difference(params, "W1", j, k) for k, w in enumerate(row)]
                for j, row in enumerate(params["W1"])
            ],
            "b1": [
                b - eta * finite_difference(params, "b1", j) for j, b in enumerate(params["b1"])
            ],
            "W2": [
                w - eta * finite_difference(params, "W2", j) for j, w in enumerate(params["W2"])
            ],
            "b2": params["b2"] - eta * finite_difference(params, "b2"),
        }
        for j in range(2):
            assert agrees(ex["new_W2"][j], stepped["W2"][j])
            assert agrees(ex["new_b1"][j], stepped["b1"][j])
            for k in range(2):
                assert agrees(ex["new_W1"][j][k], stepped["W1"][j][k])
        assert agrees(ex["new_b2"], stepped["b2"])
        after = house_forward(stepped)
        assert agrees(ex["new_y_hat"], after["y_hat"])
        assert agrees(ex["new_loss"], after["loss"])
        assert after["loss"] < house_forward(params)["loss"]
        body = body_of("The backward pass by hand: one gradient-descent step")
        for value in (ex["dz2"], *ex["dW2"], *ex["dz1"], ex["new_b2"], ex["new_y_hat"]):
            assert shown(value, body), value
        assert shown(ex["new_loss"], body)

    def test_unwell_forward_pass(self):
        ex = UNWELL_EXAMPLE
        assert ex["x"] == (ex["temperature_c"] - 37, (ex["heart_rate_bpm"] - 70) / 20)
        z1 = [
            sum(w * xi for w, xi in zip(row, ex["x"], strict=True)) + b
            for row, b in zip(ex["W1"], ex["b1"], strict=True)
        ]
        a1 = [sigmoid(z) for z in z1]
        z2 = [
            sum(w * a for w, a in zip(row, a1, strict=True)) + b
            for row, b in zip(ex["W2"], ex["b2"], strict=True)
        ]
        exps = [math.exp(z) for z in z2]
        probabilities = [e / sum(exps) for e in exps]
        for key, exact in (("z1", z1), ("a1", a1), ("z2", z2), ("probabilities", probabilities)):
            for stated, value in zip(ex[key], exact, strict=True):
                assert agrees(stated, value), (key, stated, value)
        assert agrees(ex["loss"], -math.log(probabilities[0]))
        assert agrees(ex["loss_if_well"], -math.log(probabilities[1]))
        body = body_of("The forward pass by hand: unwell or not unwell (a classification problem)")
        for value in (*ex["z2"], *ex["probabilities"], ex["loss"], ex["loss_if_well"]):
            assert shown(value, body), value


class TestRoster:
    @pytest.fixture
    def rows(self) -> list[dict[str, str]]:
        with ROSTER_CSV.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            assert reader.fieldnames == ["name", "student_number", "email"]
            return list(reader)

    def test_roster_has_30_students_with_unique_numbers(self, rows):
        assert len(rows) == 30
        numbers = [row["student_number"] for row in rows]
        assert len(set(numbers)) == 30
        assert all(re.fullmatch(r"24\d{6}", n) for n in numbers)
        assert all(row["name"].strip() for row in rows)

    def test_roster_emails_are_valid_and_on_the_example_domain(self, rows):
        emails = [row["email"] for row in rows]
        assert len(set(emails)) == 30
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                pytest.fail(f"invalid email {email!r}")
            assert email.endswith("@example.ac.uk"), email

    def test_roster_imports_without_problems(self):
        parsed = roster_parse(ROSTER_CSV.read_text(encoding="utf-8"))
        assert parsed.problems == []
        assert len(parsed.rows) == 30
