"""The answer key: forward pass, loss, backward pass and one update, with NumPy.

Each step is a small function of the steps it depends on, so marking can recompute any step from
a student's own earlier answers (follow-through) with exactly the formula the key uses.
Arrays of samples are samples × units; the loss is the mean over samples of each sample's loss,
and every gradient is of that mean.
"""

from dataclasses import dataclass

import numpy as np

from .spec import Spec, SpecError


def activate(z: np.ndarray, activation: str) -> np.ndarray:
    if activation == "sigmoid":
        # tanh form: the same value as 1 / (1 + e^-z), without overflow for large |z|.
        return 0.5 * (1.0 + np.tanh(0.5 * z))
    if activation == "tanh":
        return np.tanh(z)
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "softmax":
        shifted = np.exp(z - z.max(axis=1, keepdims=True))
        return shifted / shifted.sum(axis=1, keepdims=True)
    return z


def derivative(z: np.ndarray, activation: str) -> np.ndarray:
    """a′(z) for the element-wise activations (softmax is handled by `dz_from`)."""
    if activation == "sigmoid":
        s = activate(z, "sigmoid")
        return s * (1.0 - s)
    if activation == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if activation == "relu":
        return (z > 0).astype(np.float64)  # relu′(0) = 0
    return np.ones_like(z)


def z_from(a_below: np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return a_below @ weights.T + bias


def loss_from(output: np.ndarray, targets: np.ndarray, loss: str) -> float:
    samples = output.shape[0]
    if loss == "mse":
        return float(((output - targets) ** 2).mean())
    if loss == "sse_half":
        return float(0.5 * ((output - targets) ** 2).sum() / samples)
    if loss == "cross_entropy":
        return float(-(targets * np.log(output)).sum() / samples)
    return float(-(targets * np.log(output) + (1 - targets) * np.log(1 - output)).sum() / samples)


def da_from_output(output: np.ndarray, targets: np.ndarray, loss: str) -> np.ndarray:
    """∂L/∂ŷ of the mean loss."""
    samples, outputs = output.shape
    if loss == "mse":
        return 2.0 * (output - targets) / (outputs * samples)
    if loss == "sse_half":
        return (output - targets) / samples
    if loss == "cross_entropy":
        return -targets / output / samples
    return (output - targets) / (output * (1.0 - output)) / samples


def da_from_above(dz_above: np.ndarray, weights_above: np.ndarray) -> np.ndarray:
    return dz_above @ weights_above


def dz_from(da: np.ndarray, z: np.ndarray, activation: str) -> np.ndarray:
    if activation == "softmax":
        # The softmax Jacobian applied to da: a ⊙ (da − Σₖ daₖ aₖ), row by row.
        a = activate(z, "softmax")
        return a * (da - (da * a).sum(axis=1, keepdims=True))
    return da * derivative(z, activation)


def dw_from(dz: np.ndarray, a_below: np.ndarray) -> np.ndarray:
    return dz.T @ a_below


def db_from(dz: np.ndarray) -> np.ndarray:
    return dz.sum(axis=0)


def updated(value: np.ndarray, gradient: np.ndarray, learning_rate: float) -> np.ndarray:
    return value - learning_rate * gradient


@dataclass(frozen=True, eq=False)
class LayerKey:
    z: np.ndarray
    a: np.ndarray
    da: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray
    W_new: np.ndarray
    b_new: np.ndarray

    def step(self, name: str) -> np.ndarray:
        return getattr(self, name)


@dataclass(frozen=True, eq=False)
class Key:
    loss: float
    layers: tuple[LayerKey, ...]

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].a

    def to_json(self) -> dict:
        return {
            "loss": self.loss,
            "output": self.output.tolist(),
            "layers": [
                {name: getattr(layer, name).tolist() for name in LayerKey.__dataclass_fields__}
                for layer in self.layers
            ],
        }


def key_compute(spec: Spec) -> Key:
    """The right value of every step; `SpecError` if the numbers overflow to non-finite ones."""
    with np.errstate(all="ignore"):
        below = spec.inputs
        zs, activations = [], []
        for layer in spec.layers:
            z = z_from(below, layer.weights, layer.bias)
            below = activate(z, layer.activation)
            zs.append(z)
            activations.append(below)
        loss = loss_from(below, spec.targets, spec.loss)
        da = da_from_output(below, spec.targets, spec.loss)
        backward: list[tuple[np.ndarray, ...]] = []
        for index in range(len(spec.layers) - 1, -1, -1):
            layer = spec.layers[index]
            if index < len(spec.layers) - 1:
                da = da_from_above(backward[-1][1], spec.layers[index + 1].weights)
            dz = dz_from(da, zs[index], layer.activation)
            backward.append((da, dz))
        backward.reverse()
    layers = []
    for index, (layer, (da, dz)) in enumerate(zip(spec.layers, backward, strict=True)):
        a_below = activations[index - 1] if index else spec.inputs
        dw, db = dw_from(dz, a_below), db_from(dz)
        layers.append(
            LayerKey(
                z=zs[index],
                a=activations[index],
                da=da,
                dz=dz,
                dW=dw,
                db=db,
                W_new=updated(layer.weights, dw, spec.learning_rate),
                b_new=updated(layer.bias, db, spec.learning_rate),
            )
        )
    key = Key(loss=loss, layers=tuple(layers))
    _check_finite(key)
    return key


def _check_finite(key: Key) -> None:
    if not np.isfinite(key.loss):
        raise SpecError(
            "loss: the loss is not a finite number (an output of 0 or 1 under a log?); "
            "use smaller weights or inputs."
        )
    for number, layer in enumerate(key.layers, start=1):
        for name in LayerKey.__dataclass_fields__:
            if not np.all(np.isfinite(layer.step(name))):
                raise SpecError(
                    f"layer {number}: {name} overflows to a non-finite number; "
                    "use smaller weights or inputs."
                )
