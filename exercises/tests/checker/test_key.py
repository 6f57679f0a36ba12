"""The answer key: against central finite differences, an independent pass, and hand working."""

import numpy as np
import pytest
from hypothesis import assume, given, settings

from exercises.checker import key_compute, spec_load, spec_parse

from . import reference
from .strategies import OUTPUT_FOR_LOSS, networks

H = 1e-6


def _finite_difference(data, index, kind, position):
    weights = [np.array(layer["weights"], dtype=float) for layer in data["layers"]]
    biases = [np.array(layer["bias"], dtype=float) for layer in data["layers"]]
    target = (weights if kind == "W" else biases)[index]
    original = target[position]
    target[position] = original + H
    up = reference.network_loss(data, weights, biases)
    target[position] = original - H
    down = reference.network_loss(data, weights, biases)
    target[position] = original
    return (up - down) / (2 * H)


def _away_from_relu_kinks(data):
    values = reference.steps(data)
    for index, layer in enumerate(data["layers"]):
        if layer["activation"] == "relu":
            assume(np.all(np.abs(values[("z", index)]) > 1e-3))


def _check_gradients(data):
    _away_from_relu_kinks(data)
    key = key_compute(spec_parse(data))
    for index, layer in enumerate(data["layers"]):
        for position in np.ndindex(*np.shape(layer["weights"])):
            numeric = _finite_difference(data, index, "W", position)
            assert key.layers[index].dW[position] == pytest.approx(numeric, rel=1e-4, abs=1e-6)
        for position in np.ndindex(len(layer["bias"])):
            numeric = _finite_difference(data, index, "b", position)
            assert key.layers[index].db[position] == pytest.approx(numeric, rel=1e-4, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(networks(loss="mse"))
def test_mse_gradients_match_central_finite_differences(data):
    _check_gradients(data)


@settings(max_examples=60, deadline=None)
@given(networks(loss="sse_half"))
def test_sse_half_gradients_match_central_finite_differences(data):
    _check_gradients(data)


@settings(max_examples=60, deadline=None)
@given(networks(loss="cross_entropy"))
def test_cross_entropy_gradients_match_central_finite_differences(data):
    _check_gradients(data)


@settings(max_examples=60, deadline=None)
@given(networks(loss="bce"))
def test_bce_gradients_match_central_finite_differences(data):
    _check_gradients(data)


@settings(max_examples=60, deadline=None)
@given(networks())
def test_every_step_matches_an_independent_loop_by_loop_pass(data):
    _away_from_relu_kinks(data)
    key = key_compute(spec_parse(data))
    expected = reference.steps(data)
    assert key.loss == pytest.approx(float(expected[("loss", None)]), rel=1e-9, abs=1e-12)
    for index, values in enumerate(key.layers):
        for step in ("z", "a", "da", "dz", "dW", "db", "W_new", "b_new"):
            np.testing.assert_allclose(
                values.step(step), expected[(step, index)], rtol=1e-9, atol=1e-12
            )


def test_every_activation_and_loss_is_covered_by_the_strategies():
    outputs = {act for acts in OUTPUT_FOR_LOSS.values() for act in acts}
    assert outputs == {"linear", "sigmoid", "tanh", "relu", "softmax"}


# Hand-worked: the house-price regression (sigmoid hidden layer, linear output, mse).
#   z¹ = (0.5·1 − 0.2·2 + 0.1, 0.3·1 + 0.8·2 − 0.1) = (0.2, 1.8)
#   a¹ = σ(z¹): e^−0.2 = 0.818731 → 1/1.818731 = 0.549834; e^−1.8 = 0.165299 → 0.858149
#   ŷ = z² = 0.549834 − 0.858149 + 0.2 = −0.108315
#   L = (−0.108315 − 3)² = 3.108315² = 9.661622
#   ∂L/∂ŷ = 2(ŷ − y)/1 = −6.216630 = ∂L/∂z² (linear)
#   ∂L/∂W² = −6.216630 × (0.549834, 0.858149) = (−3.418114, −5.334794); ∂L/∂b² = −6.216630
#   W² new = (1 + 0.3418114, −1 + 0.5334794) = (1.341811, −0.466521); b² new = 0.821663
#   ∂L/∂a¹ = −6.216630 × (1, −1) = (−6.216630, 6.216630)
#   ∂L/∂z¹ = (−6.216630 × 0.549834 × 0.450166, 6.216630 × 0.858149 × 0.141851)
#          = (−6.216630 × 0.247517, 6.216630 × 0.121729) = (−1.538719, 0.756746)
#   ∂L/∂W¹ = ∂L/∂z¹ ⊗ (1, 2); W¹ new = W¹ − 0.1 ∂L/∂W¹; b¹ new = b¹ − 0.1 ∂L/∂z¹
HOUSE_PRICE = {
    "loss": 9.661622,
    "output": [[-0.108315]],
    "layers": [
        {
            "z": [[0.2, 1.8]],
            "a": [[0.549834, 0.858149]],
            "da": [[-6.216630, 6.216630]],
            "dz": [[-1.538719, 0.756746]],
            "dW": [[-1.538719, -3.077438], [0.756746, 1.513493]],
            "db": [-1.538719, 0.756746],
            "W_new": [[0.653872, 0.107744], [0.224325, 0.648651]],
            "b_new": [0.253872, -0.175675],
        },
        {
            "z": [[-0.108315]],
            "a": [[-0.108315]],
            "da": [[-6.216630]],
            "dz": [[-6.216630]],
            "dW": [[-3.418114, -5.334794]],
            "db": [-6.216630],
            "W_new": [[1.341811, -0.466521]],
            "b_new": [0.821663],
        },
    ],
}

# Hand-worked: unwell or not (relu hidden layer, softmax output, cross-entropy, η = 0.5).
#   z¹ = (0.4·1 + 0.6·0.5 + 0.1, −0.2·1 + 0.8·0.5 + 0.2) = (0.8, 0.4) = a¹ (both > 0)
#   z² = (0.5·0.8 − 0.5·0.4 + 0.1, −0.3·0.8 + 0.7·0.4 − 0.1) = (0.3, −0.06)
#   e^0.3 = 1.349859, e^−0.06 = 0.941765, sum 2.291623 → ŷ = (0.589040, 0.410960)
#   L = −ln 0.589040 = 0.529260
#   ∂L/∂ŷ = (−1/0.589040, −0/0.410960) = (−1.697676, 0)
#   ∂L/∂z² = ŷ − y = (−0.410960, 0.410960)
#   ∂L/∂W² = ∂L/∂z² ⊗ (0.8, 0.4) = ((−0.328768, −0.164384), (0.328768, 0.164384))
#   W² new = W² − 0.5 ∂L/∂W²; b² new = (0.1 + 0.205480, −0.1 − 0.205480)
#   ∂L/∂a¹ = (−0.410960·0.5 + 0.410960·(−0.3), −0.410960·(−0.5) + 0.410960·0.7)
#          = (−0.410960·0.8, 0.410960·1.2) = (−0.328768, 0.493152) = ∂L/∂z¹ (relu, z > 0)
#   ∂L/∂W¹ = ∂L/∂z¹ ⊗ (1, 0.5); W¹ new = W¹ − 0.5 ∂L/∂W¹
UNWELL = {
    "loss": 0.529260,
    "output": [[0.589040, 0.410960]],
    "layers": [
        {
            "z": [[0.8, 0.4]],
            "a": [[0.8, 0.4]],
            "da": [[-0.328768, 0.493152]],
            "dz": [[-0.328768, 0.493152]],
            "dW": [[-0.328768, -0.164384], [0.493152, 0.246576]],
            "db": [-0.328768, 0.493152],
            "W_new": [[0.564384, 0.682192], [-0.446576, 0.676712]],
            "b_new": [0.264384, -0.046576],
        },
        {
            "z": [[0.3, -0.06]],
            "a": [[0.589040, 0.410960]],
            "da": [[-1.697676, 0.0]],
            "dz": [[-0.410960, 0.410960]],
            "dW": [[-0.328768, -0.164384], [0.328768, 0.164384]],
            "db": [-0.410960, 0.410960],
            "W_new": [[0.664384, -0.417808], [-0.464384, 0.617808]],
            "b_new": [0.305480, -0.305480],
        },
    ],
}


@pytest.mark.parametrize(
    ("name", "worked"), [("house_price", HOUSE_PRICE), ("unwell", UNWELL)], ids=["house", "unwell"]
)
def test_seed_exercise_key_matches_the_hand_working(name, worked):
    key = key_compute(spec_load(f"exercises/specs/{name}.json")).to_json()
    assert key["loss"] == pytest.approx(worked["loss"], abs=2e-6)
    np.testing.assert_allclose(key["output"], worked["output"], atol=2e-6)
    for computed, by_hand in zip(key["layers"], worked["layers"], strict=True):
        for step, values in by_hand.items():
            np.testing.assert_allclose(computed[step], values, atol=2e-6, err_msg=step)


def test_key_is_two_dimensional_for_one_sample():
    key = key_compute(spec_load("exercises/specs/house_price.json"))
    assert key.layers[0].z.shape == (1, 2)
    assert key.layers[0].dW.shape == (2, 2)
    assert key.layers[0].db.shape == (2,)
