"""The worked solution as the screens reveal it: its steps, and its computations as MathML."""

from __future__ import annotations

from exercises.checker import spec_load
from exercises.solution import solution_html, solution_steps

from .conftest import SPECS


def test_the_steps_are_the_header_then_each_layer_forward_the_loss_each_layer_back_and_update():
    steps = solution_steps(spec_load(SPECS / "unwell.json"))
    firsts = [step.splitlines()[0].strip() for step in steps]
    assert firsts[0].endswith("worked solution")
    assert firsts[1:3] == ["Forward pass", "Layer 2 (softmax)"]
    assert firsts[3] == "Loss" and firsts[4] == "Backward pass"
    assert firsts[-2].startswith("Update") and firsts[-1] == "Layer 2"
    assert "Layer 1 (relu)" in steps[1] and steps[-2].splitlines()[1].strip() == "Layer 1"


def test_computations_are_maths_and_sentences_stay_text():
    step = "    z = W·a_prev + b, with a_prev = x\n      z₁ = 0.4 × 1 + 0.6 × 0.5 + 0.1 = 0.8"
    html = str(solution_html(step))
    assert html.count("<math") == 1
    assert "<msub><mi>z</mi><mrow><mn>1</mn></mrow></msub>" in html
    assert "with a_prev = x" in html


def test_every_step_of_both_seed_exercises_renders():
    for name in ("house_price", "unwell"):
        for step in solution_steps(spec_load(SPECS / f"{name}.json")):
            assert "<math" in str(solution_html(step)) or "=" not in step.split("\n", 1)[-1]
