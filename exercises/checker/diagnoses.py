"""Known mistakes of the forward and backward pass, each recomputed as a student would make it.

A `Mistake` belongs to one step. Given the `Inputs` that follow-through marking uses for that step
(the student's own earlier answers, the key standing in where needed), it returns the value or
values the mistake would produce, as arrays shaped like the step; NaN marks an element where the
mistake would give the right answer by construction (skipping a relu where z > 0). A mistake that
does not apply to the layer (skipping a linear activation) returns no arrays at all.

The list follows the usual slips in teaching material on backpropagation: a bias left out,
an activation or its derivative skipped, a matrix used the wrong way round, a factor of the loss
dropped, the sign of a gradient or of an update flipped, the learning rate forgotten.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from . import key as k
from .spec import Layer, Spec

Given = Mapping[tuple[str, int | None], np.ndarray]


@dataclass
class Inputs:
    """What one step is computed from when marking: the values standing for the earlier steps."""

    spec: Spec
    layer: int | None
    given: Given
    follow: np.ndarray

    @property
    def this(self) -> Layer:
        return self.spec.layers[self.layer]

    @property
    def is_last(self) -> bool:
        return self.layer == len(self.spec.layers) - 1

    @property
    def below(self) -> Layer | None:
        return self.spec.layers[self.layer - 1] if self.layer else None

    def g(self, step: str, layer: int | None = None) -> np.ndarray:
        return self.given[(step, layer)]

    def a_below(self) -> np.ndarray:
        return self.g("a", self.layer - 1) if self.layer else self.spec.inputs


@dataclass(frozen=True)
class Mistake:
    code: str
    step: str
    message: str  # what went wrong; marking adds the step's rule after it
    compute: Callable[[Inputs], list[np.ndarray]]


def _square(weights: np.ndarray) -> bool:
    return weights.shape[0] == weights.shape[1]


def _squared_error_factors(spec: Spec) -> list[float]:
    if spec.loss not in ("mse", "sse_half"):
        return []
    outputs = spec.layers[-1].units
    return [2.0, 0.5] + ([float(outputs), 1.0 / outputs] if outputs > 1 else [])


def _scaled(i: Inputs, factors: list[float]) -> list[np.ndarray]:
    """The right value off by each factor; where it is 0 every factor leaves it right."""
    return [np.where(i.follow == 0, np.nan, i.follow * factor) for factor in factors]


def _scaled_by_samples(i: Inputs) -> list[np.ndarray]:
    return _scaled(i, [i.spec.samples]) if i.spec.samples > 1 else []


def _negated(i: Inputs) -> list[np.ndarray]:
    return _scaled(i, [-1.0])


def _relu_rows_open(i: Inputs, layer: int) -> np.ndarray:
    """Per unit of a relu layer: True where z > 0 for every sample, so a = z and ∂L/∂z = ∂L/∂a."""
    return np.all(i.g("z", layer) > 0, axis=0)


# z
def _missing_bias(i: Inputs) -> list[np.ndarray]:
    return [i.a_below() @ i.this.weights.T]


def _z_transposed(i: Inputs) -> list[np.ndarray]:
    weights = i.this.weights
    return [i.a_below() @ weights + i.this.bias] if _square(weights) else []


def _z_from_z_below(i: Inputs) -> list[np.ndarray]:
    if i.below is None or i.below.activation == "linear":
        return []
    z_below = i.g("z", i.layer - 1)
    candidate = k.z_from(z_below, i.this.weights, i.this.bias)
    if i.below.activation == "relu":  # a sample whose every z below is > 0 feeds a = z anyway
        candidate[np.all(z_below > 0, axis=1)] = np.nan
    return [candidate]


# a and output
def _activation_skipped(i: Inputs) -> list[np.ndarray]:
    z = i.g("z", i.layer)
    if i.this.activation == "linear":
        return []
    if i.this.activation == "relu":
        return [np.where(z > 0, np.nan, z)]
    return [z]


def _softmax_without_exp(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "softmax":
        return []
    z = i.g("z", i.layer)
    return [z / z.sum(axis=1, keepdims=True)]


def _sigmoid_exponent_sign(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "sigmoid":
        return []
    return [k.activate(-i.g("z", i.layer), "sigmoid")]


def _tanh_sigmoid_confused(i: Inputs) -> list[np.ndarray]:
    other = {"sigmoid": "tanh", "tanh": "sigmoid"}.get(i.this.activation)
    return [k.activate(i.g("z", i.layer), other)] if other else []


# loss
def _loss_factor(i: Inputs) -> list[np.ndarray]:
    return _scaled(i, _squared_error_factors(i.spec))


def _loss_sign(i: Inputs) -> list[np.ndarray]:
    return _negated(i) if i.spec.loss in ("cross_entropy", "bce") else []


def _log_base_10(i: Inputs) -> list[np.ndarray]:
    return _scaled(i, [1 / np.log(10.0)]) if i.spec.loss in ("cross_entropy", "bce") else []


# da
def _da_loss_factor(i: Inputs) -> list[np.ndarray]:
    return _loss_factor(i) if i.is_last else []


def _da_samples(i: Inputs) -> list[np.ndarray]:
    return _scaled_by_samples(i) if i.is_last else []


def _da_transposed(i: Inputs) -> list[np.ndarray]:
    if i.is_last:
        return []
    weights = i.spec.layers[i.layer + 1].weights
    return [i.g("dz", i.layer + 1) @ weights.T] if _square(weights) else []


def _da_updated_weights(i: Inputs) -> list[np.ndarray]:
    if i.is_last:
        return []
    above = i.layer + 1
    weights = k.updated(i.spec.layers[above].weights, i.g("dW", above), i.spec.learning_rate)
    return [i.g("dz", above) @ weights]


# dz
def _derivative_skipped(i: Inputs) -> list[np.ndarray]:
    da = i.g("da", i.layer)
    if i.this.activation == "linear":
        return []
    if i.this.activation == "relu":
        return [np.where(i.g("z", i.layer) > 0, np.nan, da)]
    return [da]


def _sigmoid_derivative(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "sigmoid":
        return []
    da, z = i.g("da", i.layer), i.g("z", i.layer)
    return [da * k.activate(z, "sigmoid"), da * z * (1.0 - z)]


def _tanh_derivative(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "tanh":
        return []
    da, z = i.g("da", i.layer), i.g("z", i.layer)
    return [da * (1.0 - z**2), da * (1.0 - np.tanh(z))]


def _relu_derivative(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "relu":
        return []
    return [i.g("da", i.layer) * np.maximum(i.g("z", i.layer), 0.0)]


def _softmax_diagonal(i: Inputs) -> list[np.ndarray]:
    if i.this.activation != "softmax":
        return []
    a, da = k.activate(i.g("z", i.layer), "softmax"), i.g("da", i.layer)
    # Where every other output's ∂L/∂a is 0 (one-hot cross-entropy, the target's own unit) the
    # diagonal alone is the whole derivative.
    others = (da * a).sum(axis=1, keepdims=True) - da * a
    return [np.where(others == 0, np.nan, da * a * (1.0 - a))]


def _dz_samples(i: Inputs) -> list[np.ndarray]:
    return _scaled_by_samples(i) if i.is_last else []


# dW and db
def _dw_transposed(i: Inputs) -> list[np.ndarray]:
    if not _square(i.follow):
        return []
    transposed = i.follow.T.copy()
    np.fill_diagonal(transposed, np.nan)  # the diagonal of Wᵀ is W's own
    return [transposed]


def _dw_from_da(i: Inputs) -> list[np.ndarray]:
    if i.this.activation == "linear":
        return []
    candidate = k.dw_from(i.g("da", i.layer), i.a_below())
    if i.this.activation == "relu":
        candidate[_relu_rows_open(i, i.layer)] = np.nan
    return [candidate]


def _dw_from_z_below(i: Inputs) -> list[np.ndarray]:
    if i.below is None or i.below.activation == "linear":
        return []
    candidate = k.dw_from(i.g("dz", i.layer), i.g("z", i.layer - 1))
    if i.below.activation == "relu":
        candidate[:, _relu_rows_open(i, i.layer - 1)] = np.nan
    return [candidate]


def _db_from_da(i: Inputs) -> list[np.ndarray]:
    if i.this.activation == "linear":
        return []
    candidate = k.db_from(i.g("da", i.layer))
    if i.this.activation == "relu":
        candidate[_relu_rows_open(i, i.layer)] = np.nan
    return [candidate]


# W_new and b_new
def _update(parameter: str) -> tuple[Callable, Callable, Callable]:
    gradient_step = {"weights": "dW", "bias": "db"}[parameter]

    def parts(i: Inputs) -> tuple[np.ndarray, np.ndarray, float]:
        return getattr(i.this, parameter), i.g(gradient_step, i.layer), i.spec.learning_rate

    def gradient_sign(i: Inputs) -> list[np.ndarray]:
        value, gradient, rate = parts(i)
        return [value + rate * gradient]

    def learning_rate_missing(i: Inputs) -> list[np.ndarray]:
        value, gradient, rate = parts(i)
        return [value - gradient] if rate != 1 else []

    def old_value_missing(i: Inputs) -> list[np.ndarray]:
        value, gradient, rate = parts(i)
        return [-rate * gradient]

    return gradient_sign, learning_rate_missing, old_value_missing


_W_SIGN, _W_RATE, _W_OLD = _update("weights")
_B_SIGN, _B_RATE, _B_OLD = _update("bias")

_SAMPLES = (
    "You did not divide by the number of samples: the loss is the mean of the samples' losses, "
    "so every gradient carries 1/samples."
)
_ACTIVATION_SKIPPED = "You did not apply the activation."
_NO_EXP = "Softmax exponentiates first."
_EXPONENT = "The exponent in the sigmoid is −z, not z."
_CONFUSED = "You used the other S-shaped function (sigmoid and tanh differ)."
_FACTOR = "A constant factor is off (2, ½ or the number of outputs)."
_NOT_DZ = "Use ∂L/∂z, not ∂L/∂a: multiply by the activation's derivative first."
_Z_BELOW = "You used the layer below's z where its activation a belongs."
_GRADIENT_SIGN = "You added the gradient; gradient descent steps against it."
_RATE = "You left out the learning rate."
_OLD = "You gave only the change; start from the old value."


def _m(code: str, step: str, message: str, compute: Callable) -> Mistake:
    return Mistake(code=code, step=step, message=message, compute=compute)


MISTAKES: tuple[Mistake, ...] = (
    _m("missing_bias", "z", "You left out the bias.", _missing_bias),
    _m("weights_transposed", "z", "You used Wᵀ; row i of W feeds unit i.", _z_transposed),
    _m("used_z_below", "z", _Z_BELOW, _z_from_z_below),
    _m("activation_skipped", "a", _ACTIVATION_SKIPPED, _activation_skipped),
    _m("softmax_without_exp", "a", _NO_EXP, _softmax_without_exp),
    _m("sigmoid_exponent_sign", "a", _EXPONENT, _sigmoid_exponent_sign),
    _m("tanh_sigmoid_confused", "a", _CONFUSED, _tanh_sigmoid_confused),
    _m("activation_skipped", "output", _ACTIVATION_SKIPPED, _activation_skipped),
    _m("softmax_without_exp", "output", _NO_EXP, _softmax_without_exp),
    _m("sigmoid_exponent_sign", "output", _EXPONENT, _sigmoid_exponent_sign),
    _m("tanh_sigmoid_confused", "output", _CONFUSED, _tanh_sigmoid_confused),
    _m("loss_factor", "loss", _FACTOR, _loss_factor),
    _m("samples_not_averaged", "loss", _SAMPLES, _scaled_by_samples),
    _m("sign_error", "loss", "The minus sign in front is missing.", _loss_sign),
    _m("log_base_10", "loss", "ln is the natural logarithm (base e), not log₁₀.", _log_base_10),
    _m("sign_error", "da", "A sign is flipped: ŷ − y, not y − ŷ.", _negated),
    _m("loss_factor", "da", _FACTOR, _da_loss_factor),
    _m("samples_not_averaged", "da", _SAMPLES, _da_samples),
    _m("weights_transposed", "da", "Backpropagate with Wᵀ, not W.", _da_transposed),
    _m(
        "updated_weights_used",
        "da",
        "Backpropagate through the weights of the forward pass, not the updated ones.",
        _da_updated_weights,
    ),
    _m(
        "derivative_skipped", "dz", "You left out the activation's derivative.", _derivative_skipped
    ),
    _m(
        "sigmoid_derivative",
        "dz",
        "σ′(z) is σ(z)(1 − σ(z)), not σ(z) and not z(1 − z).",
        _sigmoid_derivative,
    ),
    _m(
        "tanh_derivative",
        "dz",
        "tanh′(z) is 1 − tanh²(z), not 1 − z² and not 1 − tanh(z).",
        _tanh_derivative,
    ),
    _m("relu_derivative", "dz", "relu′(z) is 1 or 0, not z itself.", _relu_derivative),
    _m(
        "softmax_diagonal",
        "dz",
        "Each softmax output depends on every z, so a(1 − a) alone is not its derivative.",
        _softmax_diagonal,
    ),
    _m("sign_error", "dz", "A sign is flipped.", _negated),
    _m("samples_not_averaged", "dz", _SAMPLES, _dz_samples),
    _m("weights_transposed", "dW", "∂L/∂W is shaped like W: one row per unit.", _dw_transposed),
    _m("derivative_skipped", "dW", _NOT_DZ, _dw_from_da),
    _m("used_z_below", "dW", _Z_BELOW, _dw_from_z_below),
    _m("derivative_skipped", "db", _NOT_DZ, _db_from_da),
    _m("gradient_sign", "W_new", _GRADIENT_SIGN, _W_SIGN),
    _m("learning_rate_missing", "W_new", _RATE, _W_RATE),
    _m("old_value_missing", "W_new", _OLD, _W_OLD),
    _m("gradient_sign", "b_new", _GRADIENT_SIGN, _B_SIGN),
    _m("learning_rate_missing", "b_new", _RATE, _B_RATE),
    _m("old_value_missing", "b_new", _OLD, _B_OLD),
)

MISTAKES_BY_STEP: dict[str, tuple[Mistake, ...]] = {
    step: tuple(mistake for mistake in MISTAKES if mistake.step == step)
    for step in {mistake.step for mistake in MISTAKES}
}
CODES = tuple(dict.fromkeys(mistake.code for mistake in MISTAKES))


def mistakes_compute(inputs: Inputs, step: str) -> list[tuple[Mistake, list[float]]]:
    """Each mistake that applies to the step, with each value it gives, flattened to floats."""
    found = []
    for mistake in MISTAKES_BY_STEP.get(step, ()):
        for array in mistake.compute(inputs):
            found.append((mistake, np.ravel(array).tolist()))
    return found
