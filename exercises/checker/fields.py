"""The fields a spec asks for: their paths, shapes, order and the labels a form shows."""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .spec import Spec

_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_LABELS = {
    "z": "z{i}",
    "a": "a{i}",
    "da": "∂L/∂a{i}",
    "dz": "∂L/∂z{i}",
    "dW": "∂L/∂W{i}",
    "db": "∂L/∂b{i}",
    "W_new": "new W{i}",
    "b_new": "new b{i}",
}


@dataclass(frozen=True)
class FieldInfo:
    """One field to type: where it lives, and how to label it for a student."""

    path: str
    step: str
    layer: int | None  # counted from 0, None for loss and output
    index: tuple[int, ...]  # counted from 0 within the step's array
    label: str


def step_shape(spec: Spec, step: str, layer: int | None) -> tuple[int, ...]:
    if step == "loss":
        return ()
    if step == "output":
        return (spec.samples, spec.layers[-1].units)
    if step in ("dW", "W_new"):
        return spec.layers[layer].weights.shape
    if step in ("db", "b_new"):
        return spec.layers[layer].bias.shape
    return (spec.samples, spec.layers[layer].units)


def step_order(spec: Spec) -> list[tuple[str, int | None]]:
    """Every step in the order it is computed by hand: forward, loss, backward, update."""
    count = len(spec.layers)
    order: list[tuple[str, int | None]] = []
    for layer in range(count):
        order += [("z", layer), ("a", layer)]
    order += [("output", None), ("loss", None)]
    for layer in range(count - 1, -1, -1):
        order += [("da", layer), ("dz", layer), ("dW", layer), ("db", layer)]
    for layer in range(count):
        order += [("W_new", layer), ("b_new", layer)]
    return order


def step_path(step: str, layer: int | None) -> str:
    return step if layer is None else f"layers.{layer}.{step}"


def subscript(index: tuple[int, ...]) -> str:
    numbers = [str(i + 1) for i in index]
    joined = ("," if any(len(n) > 1 for n in numbers) else "").join(numbers)
    return joined.translate(_SUBSCRIPTS)


def _label(spec: Spec, step: str, layer: int | None, index: tuple[int, ...]) -> str:
    if step == "loss":
        return "loss L"
    sample = ""
    if step in ("z", "a", "da", "dz", "output"):
        if spec.samples > 1:
            sample = f", sample {index[0] + 1}"
        index = index[1:]
    if step == "output":
        return f"output ŷ{subscript(index)}{sample}"
    return f"{_LABELS[step].format(i=subscript(index))} of layer {layer + 1}{sample}"


def fields_asked(spec: Spec) -> list[FieldInfo]:
    """Every field the spec asks for, in the order a student computes them."""
    return list(fields_cached(spec))


@lru_cache(maxsize=256)
def fields_cached(spec: Spec) -> tuple[FieldInfo, ...]:
    fields = []
    for step, layer in step_order(spec):
        if not spec.asks(step, layer):
            continue
        prefix = step_path(step, layer)
        for index in np.ndindex(*step_shape(spec, step, layer)):
            path = ".".join([prefix, *map(str, index)])
            fields.append(FieldInfo(path, step, layer, index, _label(spec, step, layer, index)))
    return tuple(fields)
