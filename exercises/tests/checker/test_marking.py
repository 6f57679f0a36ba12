"""Marking: statuses, tolerance and rounding, follow-through, stand-ins, score, answer shapes."""

import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from exercises.checker import (
    AnswersError,
    answers_flatten,
    fields_asked,
    key_compute,
    mark,
    spec_parse,
)

from . import reference
from .strategies import networks

with open("exercises/specs/house_price.json") as handle:
    HOUSE = json.load(handle)


def _all_right(spec):
    return {f.path: repr(f.expected) for f in mark(spec, {}).fields}


def _typed(values, step, layer, index):
    return repr(float(values[(step, layer)][index]))


def test_marking_has_one_entry_per_asked_field_in_the_order_asked():
    spec = spec_parse(HOUSE)
    marking = mark(spec, {})
    assert [f.path for f in marking.fields] == [f.path for f in fields_asked(spec)]
    assert {f.status for f in marking.fields} == {"missing"}
    assert marking.score == 0.0


def test_to_json_has_the_issue_shape():
    payload = mark(spec_parse(HOUSE), {"loss": "9.66"}).to_json()
    assert set(payload) == {"score", "fields"}
    loss = next(f for f in payload["fields"] if f["path"] == "loss")
    assert loss["status"] == "correct"
    assert loss["given"] == "9.66"
    assert loss["expected"] == pytest.approx(9.661622, abs=1e-6)
    assert {"path", "status", "expected", "given", "diagnosis", "message"} <= set(loss)
    json.dumps(payload)


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("0.5498", "correct"),
        ("0,5498", "correct"),
        (".5498", "correct"),
        ("5.498e-1", "correct"),
        ("0.545", "correct"),  # within rtol 1 %
        ("0.53", "incorrect"),
    ],
)
def test_tolerance_decides_correct_against_incorrect(typed, status):
    marked = mark(spec_parse(HOUSE), {"layers.0.a.0.0": typed}).field("layers.0.a.0.0")
    assert marked.status == status


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("0.55", "correct"),  # the key 0.549834 rounded to the 2 decimals typed
        ("0.550", "correct"),  # 0.549834 rounded to 3 decimals
        ("0.549", "incorrect"),  # 3 decimals typed, and 0.549834 does not round to 0.549
        ("0.5", "incorrect"),  # 1 significant figure is too few for the rounding rule
        ("0.56", "incorrect"),
        ("5.5e-1", "correct"),
        ("11/20", "incorrect"),  # a fraction has no decimals to round to
    ],
)
def test_rounding_to_the_places_typed_counts_as_correct(typed, status):
    spec = spec_parse({**HOUSE, "tolerance": {"rtol": 1e-6, "atol": 1e-6}})
    assert mark(spec, {"layers.0.a.0.0": typed}).field("layers.0.a.0.0").status == status


def test_missing_and_blank_answers_are_missing():
    spec = spec_parse(HOUSE)
    marking = mark(spec, {"layers.0.z.0.0": "", "layers.0.z.0.1": "   ", "loss": None})
    assert {marking.field(p).status for p in ("layers.0.z.0.0", "layers.0.z.0.1", "loss")} == {
        "missing"
    }


def test_an_unparseable_field_gives_its_reason_and_costs_nothing_else():
    spec = spec_parse(HOUSE)
    answers = _all_right(spec)
    answers["layers.0.z.0.0"] = "0.2.0"
    marking = mark(spec, answers)
    bad = marking.field("layers.0.z.0.0")
    assert bad.status == "unparseable"
    assert "decimal separators" in bad.message
    others = [f for f in marking.fields if f.path != "layers.0.z.0.0"]
    assert {f.status for f in others} == {"correct"}
    assert marking.score == pytest.approx(len(others) / len(marking.fields))


def test_same_submission_with_a_readable_value_scores_full():
    spec = spec_parse(HOUSE)
    answers = _all_right(spec)
    answers["layers.0.z.0.0"] = "0.2"
    assert mark(spec, answers).score == 1.0


def test_one_wrong_early_value_with_consistent_later_work_loses_only_that_field():
    data = HOUSE
    spec = spec_parse(data)
    # z₁ of layer 1 without its bias: 0.1 instead of 0.2; everything after follows from 0.1.
    values = reference.steps(data, {("z", 0): lambda z: z - np.array([[0.1, 0.0]])})
    answers = {
        f.path: _typed(values, f.step, f.layer, f.index)
        for f in fields_asked(spec)
        if f.step != "loss"
    }
    answers["loss"] = repr(float(values[("loss", None)]))
    marking = mark(spec, answers)
    first = marking.field("layers.0.z.0.0")
    assert (first.status, first.diagnosis) == ("incorrect", "missing_bias")
    later = [f for f in marking.fields if f.path != "layers.0.z.0.0"]
    assert {f.status for f in later} <= {"correct", "follow_through"}
    assert marking.field("layers.0.a.0.0").status == "follow_through"
    assert marking.field("layers.1.dW.0.0").status == "follow_through"


PERTURBABLE = ("z", "da", "dz", "dW")


@settings(max_examples=80, deadline=None)
@given(data=networks(), choice=st.data())
def test_follow_through_never_marks_consistent_later_work_incorrect(data, choice):
    spec = spec_parse(data)
    depth = len(data["layers"])
    step = choice.draw(st.sampled_from(PERTURBABLE))
    layer = choice.draw(st.integers(0, depth - 1))
    shape = reference.steps(data)[(step, layer)].shape
    index = tuple(choice.draw(st.integers(0, size - 1)) for size in shape)

    def nudge(array):
        array[index] += 0.25 * (1 + abs(array[index]))
        return array

    values = reference.steps(data, {(step, layer): nudge})
    assume(all(np.all(np.isfinite(v)) for v in values.values()))
    answers = {}
    for field in fields_asked(spec):
        answers[field.path] = repr(float(values[(field.step, field.layer)][field.index]))
    marking = mark(spec, answers)
    wrong = ".".join(["layers", str(layer), step, *map(str, index)])
    assert marking.field(wrong).status == "incorrect"
    for field in marking.fields:
        if field.path != wrong:
            assert field.status in ("correct", "follow_through"), field


def test_an_asked_step_left_blank_is_stood_in_for_by_the_key():
    spec = spec_parse(HOUSE)
    answers = {"layers.0.a.0.0": "0.5498"}  # z left blank: a is checked against σ(key z)
    assert mark(spec, answers).field("layers.0.a.0.0").status == "correct"


def test_a_step_not_asked_is_stood_in_for_by_the_students_own_work():
    data = {**HOUSE, "ask": ["z", "a", "dz"]}
    spec = spec_parse(data)
    values = reference.steps(data, {("z", 1): lambda z: z + 1.0})
    answers = {f.path: _typed(values, f.step, f.layer, f.index) for f in fields_asked(spec)}
    marking = mark(spec, answers)
    # da is not asked; dz of layer 2 follows from the student's own output through it.
    assert marking.field("layers.1.dz.0.0").status == "follow_through"
    assert marking.field("layers.0.dz.0.0").status == "follow_through"


def test_follow_through_credit_from_the_spec_lowers_the_score():
    full = spec_parse(HOUSE)
    partial = spec_parse({**HOUSE, "follow_through_credit": 0.5, "ask": ["z", "a"]})
    answers = {"layers.0.z.0.0": "0.1", "layers.0.a.0.0": "0.5250"}  # σ(0.1) = 0.524979
    marked = mark(partial, answers)
    assert marked.field("layers.0.a.0.0").status == "follow_through"
    assert marked.field("layers.0.a.0.0").credit == 0.5
    assert mark(full, answers).field("layers.0.a.0.0").credit == 1.0


def test_field_weights_weigh_the_score():
    even = spec_parse({**HOUSE, "ask": ["loss", "layers.1.z"]})
    weighted = spec_parse({**HOUSE, "ask": ["loss", "layers.1.z"], "field_weights": {"loss": 3}})
    answers = {"loss": "9.6616", "layers.1.z.0.0": "5"}
    assert mark(even, answers).score == pytest.approx(0.5)
    assert mark(weighted, answers).score == pytest.approx(0.75)


def test_a_path_the_exercise_lacks_is_refused():
    spec = spec_parse(HOUSE)
    with pytest.raises(AnswersError, match="layers.2.z.0.0: this exercise has no such field"):
        mark(spec, {"layers.2.z.0.0": "1"})
    mark(spec, {"layers.1.z.0.0": "1"})


def test_a_path_not_asked_is_ignored():
    spec = spec_parse({**HOUSE, "ask": ["loss"]})
    marking = mark(spec, {"loss": "9.6616", "layers.1.z.0.0": "1"})
    assert [f.path for f in marking.fields] == ["loss"]


@pytest.mark.parametrize("value", [True, [1.0], {"x": 1}])
def test_a_value_that_is_not_text_or_a_number_is_refused(value):
    with pytest.raises(AnswersError, match="expected a number or typed text"):
        mark(spec_parse(HOUSE), {"loss": value})


def test_numbers_in_an_answers_file_are_read_like_typed_text():
    spec = spec_parse(HOUSE)
    assert mark(spec, {"loss": 9.6616}).field("loss").status == "correct"
    assert mark(spec, {"loss": 9.9}).field("loss").status == "incorrect"


def test_answers_shaped_like_the_key_flatten_to_paths():
    spec = spec_parse(HOUSE)
    nested = {"loss": "9.66", "layers": [{"z": [["0.2", "1.8"]], "dW": [[1, 2], [3, 4]]}, None]}
    flat = answers_flatten(spec, nested)
    assert flat == {
        "loss": "9.66",
        "layers.0.z.0.0": "0.2",
        "layers.0.z.0.1": "1.8",
        "layers.0.dW.0.0": 1,
        "layers.0.dW.0.1": 2,
        "layers.0.dW.1.0": 3,
        "layers.0.dW.1.1": 4,
    }
    assert answers_flatten(spec, {"layers": [{"z": ["0.2", "1.8"]}]}) == {
        "layers.0.z.0.0": "0.2",
        "layers.0.z.0.1": "1.8",
    }


@pytest.mark.parametrize(
    ("nested", "message"),
    [
        ({"layers": [{"z": [["0.2"]]}]}, "layers.0.z.0: expected a list of 2"),
        ({"layers": [{"zz": [["0.2", "1"]]}]}, "layers.0.zz: not a step"),
        ({"layers": [{}, {}, {}]}, "at most 2 layer"),
        ({"loss": ["9.6"]}, "loss: expected one number"),
    ],
)
def test_answers_of_the_wrong_shape_are_refused_naming_the_place(nested, message):
    with pytest.raises(AnswersError, match=message):
        answers_flatten(spec_parse(HOUSE), nested)


def test_answers_keyed_by_path_pass_through():
    spec = spec_parse(HOUSE)
    assert answers_flatten(spec, {"layers.0.z.0.0": "0.2"}) == {"layers.0.z.0.0": "0.2"}


def test_the_key_passed_in_is_the_key_used():
    spec = spec_parse(HOUSE)
    key = key_compute(spec)
    assert mark(spec, {"loss": "9.6616"}, key=key) == mark(spec, {"loss": "9.6616"})
