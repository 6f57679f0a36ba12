"""Spec validation: each rule refuses a bad spec with a message naming the place and the rule,
beside the same spec with a good value, which is accepted."""

import copy
import json

import pytest

from exercises.checker import SpecError, key_compute, spec_load, spec_parse, spec_to_data

with open("exercises/specs/house_price.json") as handle:
    HOUSE = json.load(handle)
with open("exercises/specs/unwell.json") as handle:
    UNWELL = json.load(handle)


def _set(path, value, base=HOUSE):
    data = copy.deepcopy(base)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _nine_layers():
    square = {"weights": [[0.1, 0.2], [0.3, 0.4]], "bias": [0.0, 0.1], "activation": "tanh"}
    return [square] * 8 + [{"weights": [[0.1, 0.2]], "bias": [0.0], "activation": "linear"}]


# (what, build(value), good value, bad value, message fragment)
RULES = [
    (
        "activation",
        lambda v: _set(("layers", 0, "activation"), v),
        "tanh",
        "softplus",
        "layer 1: unknown activation 'softplus'",
    ),
    (
        "chain",
        lambda v: _set(("layers", 1, "weights"), v),
        [[1.0, -1.0]],
        [[1.0, -1.0, 0.5]],
        "layer 2: weights have 3 columns but layer 1 has 2 units",
    ),
    (
        "bias length",
        lambda v: _set(("layers", 0, "bias"), v),
        [0.1, -0.1],
        [0.1],
        "layer 1: bias has 1 values but the weights have 2 rows",
    ),
    (
        "softmax last",
        lambda v: _set(("layers", 0, "activation"), v),
        "relu",
        "softmax",
        "layer 1: softmax is only allowed on the last layer",
    ),
    (
        "cross-entropy",
        lambda v: _set(("layers", 1, "activation"), v, UNWELL),
        "softmax",
        "sigmoid",
        "layer 2: cross_entropy needs a softmax output",
    ),
    (
        "bce",
        lambda v: _set(("layers", 1, "activation"), v, {**HOUSE, "loss": "bce", "target": [1.0]}),
        "sigmoid",
        "linear",
        "layer 2: bce needs a sigmoid output",
    ),
    ("loss", lambda v: _set(("loss",), v), "sse_half", "hinge", "loss: unknown loss 'hinge'"),
    (
        "finite",
        lambda v: _set(("layers", 0, "weights"), [[v, -0.2], [0.3, 0.8]]),
        0.5,
        float("nan"),
        "layer 1 weights, row 1, item 1: nan is not a finite number",
    ),
    (
        "finite input",
        lambda v: _set(("input",), [1.0, v]),
        2.0,
        float("inf"),
        "input, item 2: inf is not a finite number",
    ),
    (
        "number",
        lambda v: _set(("layers", 1, "bias"), [v]),
        0.2,
        "0.2",
        "layer 2 bias, item 1: expected a number",
    ),
    (
        "layers",
        lambda v: _set(("layers",), v),
        _nine_layers()[1:],
        _nine_layers(),
        "layers: 9 layers; at most 8",
    ),
    (
        "units",
        lambda v: _set(
            ("layers",),
            [
                {"weights": [[0.1, 0.2]] * v, "bias": [0.0] * v, "activation": "tanh"},
                {"weights": [[0.1] * v], "bias": [0.0], "activation": "linear"},
            ],
        ),
        64,
        65,
        "layer 1: 65 units; at most 64",
    ),
    (
        "samples",
        lambda v: _set(("target",), v),
        [3.0],
        [[3.0], [2.0]],
        "target: 2 sample(s) but input has 1",
    ),
    (
        "target width",
        lambda v: _set(("target",), v),
        [3.0],
        [3.0, 1.0],
        "target: 2 value(s) per sample but layer 2 (the output) has 1 unit(s)",
    ),
    (
        "distribution",
        lambda v: _set(("target",), v, UNWELL),
        [0.7, 0.3],
        [0.7, 0.7],
        "target, sample 1: cross_entropy needs targets that sum to 1",
    ),
    (
        "unknown key",
        lambda v: {**HOUSE, v: 0.1} if v != "learning_rate" else dict(HOUSE),
        "learning_rate",
        "learnng_rate",
        "Unknown key(s) ['learnng_rate']",
    ),
    ("learning rate", lambda v: _set(("learning_rate",), v), 0.5, 0, "learning_rate: must be"),
    ("ask", lambda v: _set(("ask",), v), ["z", "dW"], ["z", "dw"], "ask: 'dw' is not a step"),
    (
        "ask layer",
        lambda v: _set(("ask",), v),
        ["layers.1.z"],
        ["layers.2.z"],
        "ask: 'layers.2.z': layer index must be 0 to 1",
    ),
    (
        "tolerance",
        lambda v: _set(("tolerance",), v),
        {"rtol": 0.05},
        {"rtol": -0.05},
        "tolerance: rtol and atol must be at least 0",
    ),
    (
        "credit",
        lambda v: {**HOUSE, "follow_through_credit": v},
        0.5,
        1.5,
        "follow_through_credit: must be between 0 and 1",
    ),
    (
        "field weights",
        lambda v: {**HOUSE, "field_weights": v},
        {"dW": 2, "layers.0.z": 0.5},
        {"dw": 2},
        "field_weights: 'dw': not a step or a path",
    ),
]


@pytest.mark.parametrize(
    ("what", "build", "good", "bad", "message"), RULES, ids=[r[0] for r in RULES]
)
def test_a_spec_breaking_a_rule_is_refused_naming_place_and_rule(what, build, good, bad, message):
    with pytest.raises(SpecError) as refused:
        spec_parse(build(bad))
    assert message in str(refused.value)


@pytest.mark.parametrize(
    ("what", "build", "good", "bad", "message"), RULES, ids=[r[0] for r in RULES]
)
def test_the_same_spec_with_a_good_value_is_accepted(what, build, good, bad, message):
    spec_parse(build(good))


def test_a_missing_required_key_is_named():
    data = {key: value for key, value in HOUSE.items() if key != "loss"}
    with pytest.raises(SpecError, match="'loss' is missing"):
        spec_parse(data)


def test_ask_defaults_to_every_step_but_output():
    spec = spec_parse({key: value for key, value in HOUSE.items() if key != "ask"})
    assert spec.asks("loss")
    assert spec.asks("W_new", 1)
    assert not spec.asks("output")


def test_yaml_and_json_give_the_same_exercise(tmp_path):
    import yaml

    path = tmp_path / "house.yaml"
    path.write_text(yaml.safe_dump(HOUSE))
    from_yaml = key_compute(spec_load(path)).to_json()
    assert from_yaml == key_compute(spec_load("exercises/specs/house_price.json")).to_json()


def test_a_file_that_is_not_json_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x",')
    with pytest.raises(SpecError, match="broken.json: not valid JSON"):
        spec_load(path)


def test_a_missing_file_is_refused_naming_the_file(tmp_path):
    with pytest.raises(SpecError, match="nowhere.json: cannot read the file"):
        spec_load(tmp_path / "nowhere.json")


def test_numbers_that_overflow_are_refused_when_the_key_is_computed():
    data = _set(("layers", 0, "weights"), [[500.0, 0.0], [0.0, 0.0]], UNWELL)
    data = _set(("layers", 1, "weights"), [[-900.0, 0.0], [900.0, 0.0]], data)
    with pytest.raises(SpecError, match="loss: the loss is not a finite number"):
        key_compute(spec_parse(data))


def test_spec_to_data_reads_back_to_the_same_exercise():
    spec = spec_parse({**HOUSE, "field_weights": {"loss": 2}})
    again = spec_parse(spec_to_data(spec))
    assert key_compute(again).to_json() == key_compute(spec).to_json()
    assert again.ask == spec.ask
    assert dict(again.field_weights) == {"loss": 2}
