"""The exercise spec: reading it from JSON or YAML, and refusing one that breaks a rule.

Every refusal is a `SpecError` whose message names where the problem is ("layer 2", "target,
sample 1", "ask") and the rule it breaks, so an instructor can fix the file without reading code.
"""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

import numpy as np
import yaml

ACTIVATIONS = ("linear", "sigmoid", "tanh", "relu", "softmax")
LOSSES = ("mse", "sse_half", "cross_entropy", "bce")
LAYER_STEPS = ("z", "a", "da", "dz", "dW", "db", "W_new", "b_new")
NETWORK_STEPS = ("loss", "output")
STEPS = LAYER_STEPS + NETWORK_STEPS
# `output` duplicates the last layer's `a`, so it is only asked for when the spec names it.
DEFAULT_ASK = ("z", "a", "loss", "da", "dz", "dW", "db", "W_new", "b_new")
MAX_LAYERS = 8
MAX_UNITS = 64
MAX_SAMPLES = 64
DEFAULT_RTOL = 0.01
DEFAULT_ATOL = 0.005

_KEYS = {
    "title",
    "input",
    "target",
    "layers",
    "loss",
    "learning_rate",
    "ask",
    "tolerance",
    "follow_through_credit",
    "field_weights",
}
_REQUIRED = ("input", "target", "layers", "loss", "learning_rate")
_LAYER_KEYS = {"weights", "bias", "activation"}


class SpecError(ValueError):
    """The spec breaks a rule; the message names where and which rule."""


@dataclass(frozen=True, eq=False)
class Layer:
    weights: np.ndarray  # units × units below
    bias: np.ndarray  # units
    activation: str

    @property
    def units(self) -> int:
        return self.weights.shape[0]


@dataclass(frozen=True, eq=False)
class Spec:
    """A checked exercise. Arrays are float64; `inputs` and `targets` are samples × units."""

    title: str
    inputs: np.ndarray
    targets: np.ndarray
    layers: tuple[Layer, ...]
    loss: str
    learning_rate: float
    ask: frozenset[tuple[str, int | None]]
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    follow_through_credit: float = 1.0
    field_weights: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    one_sample: bool = False

    @property
    def samples(self) -> int:
        return self.inputs.shape[0]

    def asks(self, step: str, layer: int | None = None) -> bool:
        return (step, layer) in self.ask

    def weight_of(self, path: str) -> float:
        """The weight of a field: its own entry, else its longest prefix's, else its step's."""
        parts = path.split(".")
        for end in range(len(parts), 0, -1):
            selector = ".".join(parts[:end])
            if selector in self.field_weights:
                return self.field_weights[selector]
        step = parts[2] if parts[0] == "layers" else parts[0]
        return self.field_weights.get(step, 1.0)


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SpecError(f"{where}: expected a number, found {value!r}.")
    number = float(value)
    if not math.isfinite(number):
        raise SpecError(f"{where}: {value!r} is not a finite number.")
    return number


def _vector(value: object, where: str) -> list[float]:
    if not isinstance(value, list) or not value:
        raise SpecError(f"{where}: expected a non-empty list of numbers, found {value!r}.")
    return [_number(item, f"{where}, item {index + 1}") for index, item in enumerate(value)]


def _matrix(value: object, where: str, row_name: str) -> np.ndarray:
    if not isinstance(value, list) or not value:
        raise SpecError(f"{where}: expected a non-empty list of rows, found {value!r}.")
    rows = [_vector(row, f"{where}, {row_name} {index + 1}") for index, row in enumerate(value)]
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        raise SpecError(f"{where}: every {row_name} must have the same length, found {widths}.")
    return np.array(rows, dtype=np.float64)


def _samples(value: object, where: str) -> tuple[np.ndarray, bool]:
    """One sample as a flat list, or several as a list of lists; always returned 2-D."""
    if isinstance(value, list) and value and not isinstance(value[0], list):
        return np.array([_vector(value, where)], dtype=np.float64), True
    return _matrix(value, where, "sample"), False


def _layer(value: object, number: int, width_below: int, below_name: str) -> Layer:
    where = f"layer {number}"
    if not isinstance(value, dict):
        raise SpecError(f"{where}: expected an object with weights, bias and activation.")
    unknown = set(value) - _LAYER_KEYS
    if unknown:
        raise SpecError(
            f"{where}: unknown key(s) {sorted(unknown)}; allowed: {sorted(_LAYER_KEYS)}."
        )
    for key in sorted(_LAYER_KEYS):
        if key not in value:
            raise SpecError(f"{where}: '{key}' is missing.")
    activation = value["activation"]
    if activation not in ACTIVATIONS:
        raise SpecError(
            f"{where}: unknown activation {activation!r}; use one of {', '.join(ACTIVATIONS)}."
        )
    weights = _matrix(value["weights"], f"{where} weights", "row")
    bias = np.array(_vector(value["bias"], f"{where} bias"), dtype=np.float64)
    units, columns = weights.shape
    if units > MAX_UNITS:
        raise SpecError(f"{where}: {units} units; at most {MAX_UNITS} are allowed.")
    if columns != width_below:
        raise SpecError(
            f"{where}: weights have {columns} columns but {below_name} has {width_below} units; "
            "the weights need one row per unit of this layer and one column per unit below."
        )
    if bias.shape[0] != units:
        raise SpecError(
            f"{where}: bias has {bias.shape[0]} values but the weights have {units} rows; "
            "one bias per unit."
        )
    return Layer(weights=weights, bias=bias, activation=activation)


def _check_targets(targets: np.ndarray, loss: str) -> None:
    if loss not in ("cross_entropy", "bce"):
        return
    for sample, row in enumerate(targets, start=1):
        if np.any(row < 0) or np.any(row > 1):
            raise SpecError(f"target, sample {sample}: {loss} needs targets between 0 and 1.")
        if loss == "cross_entropy" and abs(row.sum() - 1) > 1e-9:
            raise SpecError(
                f"target, sample {sample}: cross_entropy needs targets that sum to 1 "
                f"(one-hot or a distribution), these sum to {row.sum():g}."
            )


def _ask(value: object, layers: int) -> frozenset[tuple[str, int | None]]:
    if value is None:
        value = list(DEFAULT_ASK)
    if not isinstance(value, list) or not value:
        raise SpecError("ask: expected a non-empty list of steps such as ['z', 'a', 'loss'].")
    asked: set[tuple[str, int | None]] = set()
    for item in value:
        if item in NETWORK_STEPS:
            asked.add((item, None))
        elif item in LAYER_STEPS:
            asked.update((item, layer) for layer in range(layers))
        else:
            parts = item.split(".") if isinstance(item, str) else []
            if len(parts) != 3 or parts[0] != "layers" or parts[2] not in LAYER_STEPS:
                raise SpecError(
                    f"ask: {item!r} is not a step; use one of {', '.join(STEPS)}, "
                    "or layers.L.STEP for one layer (L counted from 0)."
                )
            asked.add((parts[2], _layer_index(parts[1], layers, f"ask: {item!r}")))
    return frozenset(asked)


def _layer_index(text: str, layers: int, where: str) -> int:
    if not text.isdigit() or int(text) >= layers:
        raise SpecError(f"{where}: layer index must be 0 to {layers - 1} (counted from 0).")
    return int(text)


def _tolerance(value: object) -> tuple[float, float]:
    if value is None:
        return DEFAULT_RTOL, DEFAULT_ATOL
    if not isinstance(value, dict) or set(value) - {"rtol", "atol"}:
        raise SpecError("tolerance: expected an object with rtol and/or atol only.")
    rtol = _number(value.get("rtol", DEFAULT_RTOL), "tolerance rtol")
    atol = _number(value.get("atol", DEFAULT_ATOL), "tolerance atol")
    if rtol < 0 or atol < 0 or (rtol == 0 and atol == 0):
        raise SpecError("tolerance: rtol and atol must be at least 0, and not both 0.")
    return rtol, atol


def _field_weights(value: object, layers: int) -> Mapping[str, float]:
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, dict):
        raise SpecError("field_weights: expected an object mapping a step or path to a weight.")
    weights = {}
    for selector, weight in value.items():
        where = f"field_weights: {selector!r}"
        parts = str(selector).split(".")
        if parts[0] == "layers":
            if len(parts) < 2:
                raise SpecError(f"{where}: name a layer, as in layers.0.dW.")
            _layer_index(parts[1], layers, where)
            if len(parts) > 2 and parts[2] not in LAYER_STEPS:
                raise SpecError(f"{where}: {parts[2]!r} is not a step of a layer.")
        elif parts[0] not in STEPS:
            raise SpecError(f"{where}: not a step or a path; use e.g. 'dW' or 'layers.0.dW'.")
        number = _number(weight, where)
        if number < 0:
            raise SpecError(f"{where}: a weight cannot be negative.")
        weights[str(selector)] = number
    return MappingProxyType(weights)


def spec_parse(data: object) -> Spec:
    """Check a spec read from JSON or YAML and return it parsed; raise `SpecError` if it is bad."""
    if not isinstance(data, dict):
        raise SpecError("The spec must be an object (a mapping of keys to values).")
    unknown = set(data) - _KEYS
    if unknown:
        raise SpecError(f"Unknown key(s) {sorted(unknown)}; allowed: {sorted(_KEYS)}.")
    for key in _REQUIRED:
        if key not in data:
            raise SpecError(f"'{key}' is missing.")

    inputs, one_sample = _samples(data["input"], "input")
    targets, one_target = _samples(data["target"], "target")
    if inputs.shape[0] > MAX_SAMPLES:
        raise SpecError(f"input: {inputs.shape[0]} samples; at most {MAX_SAMPLES} are allowed.")
    if inputs.shape[1] > MAX_UNITS:
        raise SpecError(f"input: {inputs.shape[1]} values; at most {MAX_UNITS} are allowed.")
    if one_sample != one_target or inputs.shape[0] != targets.shape[0]:
        raise SpecError(
            f"target: {targets.shape[0]} sample(s) but input has {inputs.shape[0]}; "
            "give one target per input sample, in the same form."
        )

    raw_layers = data["layers"]
    if not isinstance(raw_layers, list) or not raw_layers:
        raise SpecError("layers: expected a non-empty list of layers.")
    if len(raw_layers) > MAX_LAYERS:
        raise SpecError(f"layers: {len(raw_layers)} layers; at most {MAX_LAYERS} are allowed.")
    layers: list[Layer] = []
    width, below = inputs.shape[1], "the input"
    for number, raw in enumerate(raw_layers, start=1):
        layer = _layer(raw, number, width, below)
        if layer.activation == "softmax" and number != len(raw_layers):
            raise SpecError(f"layer {number}: softmax is only allowed on the last layer.")
        layers.append(layer)
        width, below = layer.units, f"layer {number}"
    if targets.shape[1] != width:
        raise SpecError(
            f"target: {targets.shape[1]} value(s) per sample but layer {len(layers)} "
            f"(the output) has {width} unit(s)."
        )

    loss = data["loss"]
    if loss not in LOSSES:
        raise SpecError(f"loss: unknown loss {loss!r}; use one of {', '.join(LOSSES)}.")
    last = layers[-1].activation
    if loss == "cross_entropy" and last != "softmax":
        raise SpecError(f"layer {len(layers)}: cross_entropy needs a softmax output, not {last}.")
    if loss == "bce" and last != "sigmoid":
        raise SpecError(f"layer {len(layers)}: bce needs a sigmoid output, not {last}.")
    _check_targets(targets, loss)

    learning_rate = _number(data["learning_rate"], "learning_rate")
    if learning_rate <= 0:
        raise SpecError("learning_rate: must be greater than 0.")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise SpecError("title: expected text.")
    credit = _number(data.get("follow_through_credit", 1.0), "follow_through_credit")
    if not 0 <= credit <= 1:
        raise SpecError("follow_through_credit: must be between 0 and 1.")
    rtol, atol = _tolerance(data.get("tolerance"))
    return Spec(
        title=title,
        inputs=inputs,
        targets=targets,
        layers=tuple(layers),
        loss=loss,
        learning_rate=learning_rate,
        ask=_ask(data.get("ask"), len(layers)),
        rtol=rtol,
        atol=atol,
        follow_through_credit=credit,
        field_weights=_field_weights(data.get("field_weights"), len(layers)),
        one_sample=one_sample,
    )


def document_load(path: str | Path, *, error: type[ValueError] = SpecError) -> object:
    """Read a JSON or YAML file (YAML for .yaml and .yml); raise `error` naming the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read the file ({exc}).") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise error(f"{path}: not valid YAML ({exc}).") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"{path}: not valid JSON ({exc}).") from exc


def spec_load(path: str | Path) -> Spec:
    data = document_load(path)
    try:
        return spec_parse(data)
    except SpecError as exc:
        raise SpecError(f"{path}: {exc}") from exc


def spec_to_data(spec: Spec) -> dict:
    """The spec as plain data that `spec_parse` reads back to the same exercise."""

    def rows(array: np.ndarray) -> list:
        return array[0].tolist() if spec.one_sample else array.tolist()

    asked = sorted(step if layer is None else f"layers.{layer}.{step}" for step, layer in spec.ask)
    return {
        "title": spec.title,
        "input": rows(spec.inputs),
        "target": rows(spec.targets),
        "layers": [
            {
                "weights": layer.weights.tolist(),
                "bias": layer.bias.tolist(),
                "activation": layer.activation,
            }
            for layer in spec.layers
        ],
        "loss": spec.loss,
        "learning_rate": spec.learning_rate,
        "ask": asked,
        "tolerance": {"rtol": spec.rtol, "atol": spec.atol},
        "follow_through_credit": spec.follow_through_credit,
        "field_weights": dict(spec.field_weights),
    }
