"""Per-student numbers: a spec drawn from a template, deterministically from a seed.

A template is a spec in which `input`, `target` and each layer's `weights` and `bias` may be a
draw rule instead of numbers, either for the whole array or for single elements of a written-out
array:

    {"from": -1, "to": 1, "decimals": 1}    a value on the 0.1 grid of [−1, 1], uniformly
    {"choice": [0, 1]}                      one of these values
    {"one_hot": true}                       (target only) one class per sample, as a 1

A layer whose weights are a rule gives its size as `units`; an input drawn by a rule gives its
size as `features`, and `samples` (default: one sample, written flat as in a spec). Everything
else (`loss`, `learning_rate`, `ask`, `tolerance`, ...) is copied into the drawn spec.

A draw is rejected and drawn again while the exercise is degenerate for hand marking: a named
mistake that gives the right answer in an asked field, a sigmoid or tanh saturated (|z| > 4), a
relu unit dead for every sample, a pre-activation of exactly 0, numbers that overflow.
"""

import hashlib
import math
from collections import Counter

import numpy as np

from .key import Key, key_compute
from .marking import mistakes_indistinguishable
from .spec import Spec, SpecError, spec_parse

MAX_ATTEMPTS = 1000
SATURATION = 4.0
_RULE_KEYS = ({"from", "to", "decimals"}, {"from", "to"}, {"choice"}, {"one_hot"})
_TEMPLATE_ONLY = {"features", "samples"}


class VariantError(ValueError):
    """The template is malformed, or no usable exercise could be drawn from it."""


def _rng(seed: int | str) -> np.random.Generator:
    digest = hashlib.sha256(str(seed).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def _is_rule(value: object) -> bool:
    return isinstance(value, dict) and set(value) in _RULE_KEYS


def is_template(data: object) -> bool:
    """Whether ``data`` holds a drawing rule anywhere (a template) rather than only numbers."""
    if _is_rule(data):
        return True
    if isinstance(data, dict):
        return any(is_template(value) for value in data.values())
    if isinstance(data, list):
        return any(is_template(value) for value in data)
    return False


def _draw_one(rule: dict, rng: np.random.Generator, where: str) -> float:
    if "choice" in rule:
        choices = rule["choice"]
        if not isinstance(choices, list) or not choices:
            raise VariantError(f"{where}: choice needs a non-empty list of numbers.")
        return choices[int(rng.integers(len(choices)))]
    decimals = rule.get("decimals", 1)
    low, high = rule["from"], rule["to"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (low, high)):
        raise VariantError(f"{where}: from and to must be numbers.")
    if not isinstance(decimals, int) or not 0 <= decimals <= 6:
        raise VariantError(f"{where}: decimals must be a whole number from 0 to 6.")
    scale = 10**decimals
    first, last = math.ceil(low * scale - 1e-9), math.floor(high * scale + 1e-9)
    if first > last:
        raise VariantError(f"{where}: no value with {decimals} decimals lies in [{low}, {high}].")
    return round(int(rng.integers(first, last + 1)) / scale, decimals)


def _draw(value: object, shape: tuple[int, ...], rng: np.random.Generator, where: str) -> object:
    """Fill `shape` from a rule, or walk a written-out array drawing any rule inside it."""
    if _is_rule(value):
        if "one_hot" in value:
            raise VariantError(f"{where}: one_hot is only for the target.")
        if not shape:
            return _draw_one(value, rng, where)
        return [_draw(value, shape[1:], rng, where) for _ in range(shape[0])]
    if isinstance(value, list):
        return [_draw(item, shape[1:], rng, where) for item in value]
    if isinstance(value, dict):
        raise VariantError(f"{where}: {value!r} is not a draw rule (from/to/decimals, choice).")
    return value


def _shape_of(value: object) -> tuple[int, ...]:
    shape = []
    while isinstance(value, list) and value:
        shape.append(len(value))
        value = value[0]
    return tuple(shape)


def _units(layer: dict, number: int) -> int:
    if "units" in layer:
        units = layer["units"]
        if not isinstance(units, int) or isinstance(units, bool) or units < 1:
            raise VariantError(f"layer {number}: units must be a whole number of at least 1.")
        return units
    for key in ("weights", "bias"):
        shape = _shape_of(layer.get(key))
        if shape:
            return shape[0]
    raise VariantError(f"layer {number}: give units when weights and bias are both draw rules.")


def _draw_data(template: dict, rng: np.random.Generator) -> dict:
    data = {key: value for key, value in template.items() if key not in _TEMPLATE_ONLY}
    samples = template.get("samples")
    one_sample = samples is None
    samples = 1 if one_sample else samples
    raw_input = template.get("input")
    if _is_rule(raw_input):
        features = template.get("features")
        if not isinstance(features, int) or features < 1:
            raise VariantError("features: give the number of inputs when input is a draw rule.")
        drawn = _draw(raw_input, (samples, features), rng, "input")
        data["input"] = drawn[0] if one_sample else drawn
    else:
        data["input"] = _draw(raw_input, _shape_of(raw_input), rng, "input")
    width = len(data["input"]) if one_sample else len(data["input"][0])
    layers = []
    raw_layers = template.get("layers")
    if not isinstance(raw_layers, list) or not raw_layers:
        raise VariantError("layers: expected a non-empty list of layers.")
    for number, raw in enumerate(raw_layers, start=1):
        if not isinstance(raw, dict):
            raise VariantError(f"layer {number}: expected an object.")
        units = _units(raw, number)
        layer = {key: value for key, value in raw.items() if key != "units"}
        layer["weights"] = _draw(raw.get("weights"), (units, width), rng, f"layer {number} weights")
        layer["bias"] = _draw(raw.get("bias"), (units,), rng, f"layer {number} bias")
        layers.append(layer)
        width = units
    data["layers"] = layers
    raw_target = template.get("target")
    if _is_rule(raw_target) and "one_hot" in raw_target:
        rows = [[0.0] * width for _ in range(samples)]
        for row in rows:
            row[int(rng.integers(width))] = 1.0
        data["target"] = rows[0] if one_sample else rows
    elif _is_rule(raw_target):
        drawn = _draw(raw_target, (samples, width), rng, "target")
        data["target"] = drawn[0] if one_sample else drawn
    else:
        data["target"] = _draw(raw_target, _shape_of(raw_target), rng, "target")
    return data


def degeneracy(spec: Spec, key: Key) -> str | None:
    """Why the exercise is unfit for hand marking, or None when it is fit."""
    for number, (layer, values) in enumerate(zip(spec.layers, key.layers, strict=True), start=1):
        z = values.z
        if np.any(np.abs(z) < 1e-9):  # exactly 0 up to the rounding of decimal inputs
            return f"layer {number}: a pre-activation is exactly 0"
        if layer.activation in ("sigmoid", "tanh") and np.any(np.abs(z) > SATURATION):
            return f"layer {number}: {layer.activation} saturated (|z| > {SATURATION:g})"
        if layer.activation == "relu" and np.any(np.all(z <= 0, axis=0)):
            return f"layer {number}: a relu unit is dead for every sample"
    same = mistakes_indistinguishable(spec, key)
    if same:
        return f"{same[0].split(' at ')[0]} gives the right answer (at {same[0].split(' at ')[1]})"
    return None


def variant(template: dict, seed: int | str) -> Spec:
    """The spec drawn for this seed: the same seed always gives the same numbers."""
    if not isinstance(template, dict):
        raise VariantError("The template must be an object, like a spec.")
    rng = _rng(seed)
    reasons: Counter[str] = Counter()
    for _ in range(MAX_ATTEMPTS):
        data = _draw_data(template, rng)
        try:
            spec = spec_parse(data)
        except SpecError as exc:
            raise VariantError(f"The template gives a bad spec: {exc}") from exc
        try:
            key = key_compute(spec)
        except SpecError as exc:
            reasons[str(exc)] += 1
            continue
        reason = degeneracy(spec, key)
        if reason is None:
            return spec
        reasons[reason] += 1
    common = "; ".join(f"{reason} ({count}×)" for reason, count in reasons.most_common(3))
    raise VariantError(
        f"No usable exercise in {MAX_ATTEMPTS} draws; widen the ranges. Most common: {common}."
    )
