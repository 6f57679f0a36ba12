"""Per-student variants: deterministic, different per seed, and never degenerate."""

import json

import numpy as np
import pytest

from exercises.checker import VariantError, key_compute, spec_parse, spec_to_data, variant
from exercises.checker.variant import degeneracy

RULE = {"from": -1, "to": 1, "decimals": 1}
HOUSE_TEMPLATE = {
    "title": "House price",
    "features": 2,
    "input": {"from": 0, "to": 3, "decimals": 1},
    "target": {"from": 1, "to": 4, "decimals": 1},
    "layers": [
        {"units": 2, "activation": "sigmoid", "weights": RULE, "bias": RULE},
        {"units": 1, "activation": "linear", "weights": RULE, "bias": RULE},
    ],
    "loss": "mse",
    "learning_rate": 0.1,
}
UNWELL_TEMPLATE = {
    "title": "Unwell or not",
    "features": 2,
    "samples": 2,
    "input": {"from": 0, "to": 2, "decimals": 1},
    "target": {"one_hot": True},
    "layers": [
        {"units": 2, "activation": "relu", "weights": RULE, "bias": RULE},
        {"units": 2, "activation": "softmax", "weights": RULE, "bias": RULE},
    ],
    "loss": "cross_entropy",
    "learning_rate": 0.5,
}


@pytest.mark.parametrize("template", [HOUSE_TEMPLATE, UNWELL_TEMPLATE], ids=["house", "unwell"])
def test_the_same_seed_gives_the_same_numbers(template):
    assert spec_to_data(variant(template, 42)) == spec_to_data(variant(template, 42))
    assert spec_to_data(variant(template, "student-7")) == spec_to_data(
        variant(template, "student-7")
    )


@pytest.mark.parametrize("template", [HOUSE_TEMPLATE, UNWELL_TEMPLATE], ids=["house", "unwell"])
def test_different_seeds_almost_always_give_different_numbers(template):
    drawn = {json.dumps(spec_to_data(variant(template, seed))) for seed in range(30)}
    assert len(drawn) >= 29


@pytest.mark.parametrize("template", [HOUSE_TEMPLATE, UNWELL_TEMPLATE], ids=["house", "unwell"])
def test_drawn_numbers_lie_on_the_grid_and_in_the_range(template):
    for seed in range(10):
        spec = variant(template, seed)
        for layer in spec.layers:
            for values in (layer.weights, layer.bias):
                assert np.all((values >= -1) & (values <= 1))
                assert np.allclose(values * 10, np.round(values * 10))


@pytest.mark.parametrize("template", [HOUSE_TEMPLATE, UNWELL_TEMPLATE], ids=["house", "unwell"])
def test_no_drawn_exercise_is_degenerate(template):
    for seed in range(20):
        spec = variant(template, seed)
        assert degeneracy(spec, key_compute(spec)) is None


with open("exercises/specs/house_price.json") as handle:
    HOUSE = json.load(handle)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"input": [10.0, 2.0]}, "layer 1: sigmoid saturated (|z| > 4)"),
        ({"input": [0.0, 0.5]}, "layer 1: a pre-activation is exactly 0"),  # 0 − 0.1 + 0.1
        (
            {"layers": [{**HOUSE["layers"][0], "activation": "relu"}, HOUSE["layers"][1]]},
            None,
        ),
        (
            {
                "layers": [
                    {**HOUSE["layers"][0], "activation": "relu", "bias": [-5.0, -0.1]},
                    HOUSE["layers"][1],
                ]
            },
            "layer 1: a relu unit is dead for every sample",
        ),
        (
            {"layers": [{**HOUSE["layers"][0], "bias": [0.0, -0.1]}, HOUSE["layers"][1]]},
            "missing_bias gives the right answer (at layers.0.z.0.0)",
        ),
    ],
)
def test_degenerate_exercises_are_recognised(change, reason):
    spec = spec_parse({**HOUSE, **change})
    assert degeneracy(spec, key_compute(spec)) == reason


def test_the_seed_exercises_are_not_degenerate():
    for name in ("house_price", "unwell"):
        with open(f"exercises/specs/{name}.json") as handle:
            spec = spec_parse(json.load(handle))
        assert degeneracy(spec, key_compute(spec)) is None


def test_a_template_that_cannot_give_a_usable_exercise_says_why():
    zero_bias = {**HOUSE_TEMPLATE, "layers": [dict(HOUSE_TEMPLATE["layers"][0], bias=[0.0, 0.0])]}
    zero_bias["layers"].append(HOUSE_TEMPLATE["layers"][1])
    with pytest.raises(VariantError, match="No usable exercise .* missing_bias gives the right"):
        variant(zero_bias, 1)


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ({**HOUSE_TEMPLATE, "features": None}, "features: give the number of inputs"),
        (
            {**HOUSE_TEMPLATE, "input": {"from": 0.11, "to": 0.19, "decimals": 1}},
            "no value with 1 decimals lies in",
        ),
        ({**HOUSE_TEMPLATE, "loss": "hinge"}, "The template gives a bad spec: loss: unknown"),
        (
            {**HOUSE_TEMPLATE, "layers": [{"activation": "tanh", "weights": RULE, "bias": RULE}]},
            "layer 1: give units",
        ),
    ],
)
def test_a_malformed_template_is_refused_with_the_reason(template, message):
    with pytest.raises(VariantError, match=message):
        variant(template, 1)


def test_written_out_arrays_may_mix_numbers_and_rules():
    template = {
        **HOUSE_TEMPLATE,
        "input": [1.0, {"choice": [2.0, 3.0]}],
        "target": [3.0],
    }
    spec = variant(template, 5)
    assert spec.inputs[0, 0] == 1.0
    assert spec.inputs[0, 1] in (2.0, 3.0)
