"""Every diagnosis is produced by a crafted wrong answer, and never by the right one."""

import json

import numpy as np
import pytest

from exercises.checker import CODES, key_compute, mark, spec_parse

with open("exercises/specs/house_price.json") as handle:
    HOUSE = json.load(handle)
with open("exercises/specs/unwell.json") as handle:
    UNWELL = json.load(handle)

# A tanh layer under an sse_half loss, three samples, so the sample averaging shows.
THREE_SAMPLES = {
    "input": [[1.0, 0.5], [0.2, -1.0], [-0.5, 0.4]],
    "target": [[0.5], [-0.3], [0.2]],
    "layers": [
        {"weights": [[0.6, -0.4], [0.3, 0.9]], "bias": [0.2, -0.1], "activation": "tanh"},
        {"weights": [[0.7, -0.5]], "bias": [0.1], "activation": "linear"},
    ],
    "loss": "sse_half",
    "learning_rate": 0.1,
    "ask": ["z", "a", "output", "loss", "da", "dz", "dW", "db", "W_new", "b_new"],
}
# A soft target, so the softmax's off-diagonal terms matter for every output.
SOFT = dict(UNWELL, target=[0.8, 0.2])
# A sigmoid output asked as `output`, where skipping the activation shows.
SIGMOID_OUTPUT = {
    **HOUSE,
    "target": [0.3],
    "layers": [HOUSE["layers"][0], {**HOUSE["layers"][1], "activation": "sigmoid"}],
    "ask": ["output"],
}
SPECS = {
    "house": HOUSE,
    "unwell": UNWELL,
    "three": THREE_SAMPLES,
    "soft": SOFT,
    "sigmoid_output": SIGMOID_OUTPUT,
}


def _key(name):
    return key_compute(spec_parse(SPECS[name]))


def _w(name, layer):
    return np.array(SPECS[name]["layers"][layer]["weights"])


def _b(name, layer):
    return np.array(SPECS[name]["layers"][layer]["bias"])


def _x(name):
    return np.atleast_2d(SPECS[name]["input"])


# (code, exercise, path, the wrong value as the mistake computes it from the key's numbers)
CASES = [
    ("missing_bias", "house", "layers.0.z.0.0", lambda k: (_x("house") @ _w("house", 0).T)[0, 0]),
    ("weights_transposed", "house", "layers.0.z.0.0", lambda k: 0.5 * 1 + 0.3 * 2 + 0.1),
    ("used_z_below", "house", "layers.1.z.0.0", lambda k: 0.2 - 1.8 + 0.2),
    ("activation_skipped", "house", "layers.0.a.0.1", lambda k: k.layers[0].z[0, 1]),
    ("activation_skipped", "sigmoid_output", "output.0.0", lambda k: k.layers[1].z[0, 0]),
    ("softmax_without_exp", "unwell", "layers.1.a.0.0", lambda k: 0.3 / (0.3 - 0.06)),
    ("sigmoid_exponent_sign", "house", "layers.0.a.0.0", lambda k: 1 / (1 + np.exp(0.2))),
    ("tanh_sigmoid_confused", "house", "layers.0.a.0.1", lambda k: np.tanh(1.8)),
    ("tanh_sigmoid_confused", "three", "layers.0.a.1.0", lambda k: 1 / (1 + np.exp(-0.72))),
    ("loss_factor", "house", "loss", lambda k: 2 * k.loss),
    ("samples_not_averaged", "three", "loss", lambda k: 3 * k.loss),
    ("sign_error", "unwell", "loss", lambda k: -k.loss),
    ("log_base_10", "unwell", "loss", lambda k: -np.log10(k.output[0, 0])),
    ("sign_error", "house", "layers.1.da.0.0", lambda k: -k.layers[1].da[0, 0]),
    ("loss_factor", "house", "layers.1.da.0.0", lambda k: k.output[0, 0] - 3.0),
    ("samples_not_averaged", "three", "layers.1.da.1.0", lambda k: k.output[1, 0] + 0.3),
    ("weights_transposed", "unwell", "layers.0.da.0.0", lambda k: k.layers[1].dz[0] @ [0.5, -0.5]),
    (
        "updated_weights_used",
        "house",
        "layers.0.da.0.0",
        lambda k: k.layers[1].dz[0, 0] * k.layers[1].W_new[0, 0],
    ),
    ("derivative_skipped", "house", "layers.0.dz.0.0", lambda k: k.layers[0].da[0, 0]),
    (
        "sigmoid_derivative",
        "house",
        "layers.0.dz.0.0",
        lambda k: k.layers[0].da[0, 0] * k.layers[0].a[0, 0],
    ),
    ("sigmoid_derivative", "house", "layers.0.dz.0.1", lambda k: k.layers[0].da[0, 1] * 1.8 * -0.8),
    (
        "tanh_derivative",
        "three",
        "layers.0.dz.0.0",
        lambda k: k.layers[0].da[0, 0] * (1 - k.layers[0].z[0, 0] ** 2),
    ),
    (
        "relu_derivative",
        "unwell",
        "layers.0.dz.0.0",
        lambda k: k.layers[0].da[0, 0] * k.layers[0].z[0, 0],
    ),
    (
        "softmax_diagonal",
        "soft",
        "layers.1.dz.0.0",
        lambda k: k.layers[1].da[0, 0] * k.output[0, 0] * (1 - k.output[0, 0]),
    ),
    ("sign_error", "unwell", "layers.1.dz.0.0", lambda k: 1 - k.output[0, 0]),
    ("samples_not_averaged", "three", "layers.1.dz.0.0", lambda k: k.output[0, 0] - 0.5),
    ("weights_transposed", "house", "layers.0.dW.0.1", lambda k: k.layers[0].dW[1, 0]),
    ("derivative_skipped", "house", "layers.0.dW.0.0", lambda k: k.layers[0].da[0, 0] * 1.0),
    ("used_z_below", "house", "layers.1.dW.0.1", lambda k: k.layers[1].dz[0, 0] * 1.8),
    ("derivative_skipped", "house", "layers.0.db.1", lambda k: k.layers[0].da[0, 1]),
    ("gradient_sign", "house", "layers.0.W_new.0.0", lambda k: 0.5 + 0.1 * k.layers[0].dW[0, 0]),
    ("learning_rate_missing", "house", "layers.0.W_new.1.1", lambda k: 0.8 - k.layers[0].dW[1, 1]),
    ("old_value_missing", "house", "layers.1.W_new.0.0", lambda k: -0.1 * k.layers[1].dW[0, 0]),
    ("gradient_sign", "unwell", "layers.1.b_new.0", lambda k: 0.1 + 0.5 * k.layers[1].db[0]),
    ("learning_rate_missing", "house", "layers.0.b_new.0", lambda k: 0.1 - k.layers[0].db[0]),
    ("old_value_missing", "unwell", "layers.0.b_new.1", lambda k: -0.5 * k.layers[0].db[1]),
]


def _case(name, wrong):
    spec = spec_parse(SPECS[name])
    key = key_compute(spec)
    return spec, key, wrong(key)


@pytest.mark.parametrize(
    ("code", "name", "path", "wrong"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_crafted_mistake_is_named(code, name, path, wrong):
    spec, key, value = _case(name, wrong)
    marked = mark(spec, {path: repr(float(value))}, key=key).field(path)
    assert marked.status == "incorrect"
    assert marked.diagnosis == code
    assert "The rule:" in marked.message


@pytest.mark.parametrize(
    ("code", "name", "path", "wrong"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_right_answer_in_the_same_field_is_not_diagnosed(code, name, path, wrong):
    spec, key, _ = _case(name, wrong)
    expected = mark(spec, {}, key=key).field(path).expected
    marked = mark(spec, {path: repr(expected)}, key=key).field(path)
    assert (marked.status, marked.diagnosis) == ("correct", None)


def test_every_diagnosis_code_has_a_crafted_case():
    assert {case[0] for case in CASES} == set(CODES)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_a_fully_right_submission_names_no_mistake(name):
    spec = spec_parse(SPECS[name])
    key = key_compute(spec)
    blank = mark(spec, {}, key=key)
    answers = {field.path: repr(field.expected) for field in blank.fields}
    marking = mark(spec, answers, key=key)
    assert marking.score == 1.0
    assert all(field.diagnosis is None for field in marking.fields)


def test_a_wrong_answer_no_mistake_explains_gets_the_rule_and_no_code():
    spec = spec_parse(HOUSE)
    marked = mark(spec, {"layers.0.z.0.0": "0.77"}).field("layers.0.z.0.0")
    assert (marked.status, marked.diagnosis) == ("incorrect", None)
    assert "z = W·a_prev + b" in marked.message
