"""Marking a submission field by field, with follow-through and diagnoses.

`mark(spec, answers)` takes the typed strings keyed by path (`fields_asked` lists the paths) and
returns a `Marking`. The steps are walked in the order a student computes them; each step is
recomputed from the values standing for the steps it depends on (the student's own answers where
given, see "follow-through" in the package docstring), so one wrong early value does not cost every
later field. Statuses:

correct         within tolerance of the key (|given − key| ≤ max(atol, rtol·|key|)), or equal to
                the key rounded to the places typed, when at least 2 significant figures were typed
follow_through  not the key, but the value the student's own earlier answers give
incorrect       neither; `diagnosis` names the mistake that gives the typed number, if one does
missing         asked and not answered (no text, or only spaces)
unparseable     the text is not a number; the reason is the message
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from typed_numbers import ParsedNumber, parse_number

from . import key as k
from .diagnoses import Inputs, mistakes_compute
from .fields import FieldInfo, fields_cached, step_order, step_path, step_shape
from .key import Key, key_compute
from .rules import step_rule
from .spec import Spec

CORRECT = "correct"
FOLLOW_THROUGH = "follow_through"
INCORRECT = "incorrect"
MISSING = "missing"
UNPARSEABLE = "unparseable"
STATUSES = (CORRECT, FOLLOW_THROUGH, INCORRECT, MISSING, UNPARSEABLE)


class AnswersError(ValueError):
    """The answers are not shaped like the exercise's fields; the message names the path."""


@dataclass(frozen=True)
class FieldMark:
    path: str
    status: str
    expected: float
    given: str | None
    diagnosis: str | None
    message: str
    credit: float

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "status": self.status,
            "expected": self.expected,
            "given": self.given,
            "diagnosis": self.diagnosis,
            "message": self.message,
            "credit": self.credit,
        }


@dataclass(frozen=True)
class Marking:
    score: float  # 0 to 1: the weighted mean of the fields' credit
    fields: tuple[FieldMark, ...]

    def field(self, path: str) -> FieldMark:
        return next(mark for mark in self.fields if mark.path == path)

    def to_json(self) -> dict:
        return {"score": self.score, "fields": [mark.to_json() for mark in self.fields]}


def _follow(step: str, i: Inputs) -> np.ndarray:
    """The step recomputed from the values standing for the steps it depends on."""
    spec, layer = i.spec, i.layer
    last = len(spec.layers) - 1
    if step == "z":
        return k.z_from(i.a_below(), i.this.weights, i.this.bias)
    if step in ("a", "output"):
        index = last if layer is None else layer
        return k.activate(i.g("z", index), spec.layers[index].activation)
    if step == "loss":
        return np.asarray(k.loss_from(i.g("output"), spec.targets, spec.loss))
    if step == "da":
        if layer == last:
            return k.da_from_output(i.g("output"), spec.targets, spec.loss)
        return k.da_from_above(i.g("dz", layer + 1), spec.layers[layer + 1].weights)
    if step == "dz":
        return k.dz_from(i.g("da", layer), i.g("z", layer), i.this.activation)
    if step == "dW":
        return k.dw_from(i.g("dz", layer), i.a_below())
    if step == "db":
        return k.db_from(i.g("dz", layer))
    if step == "W_new":
        return k.updated(i.this.weights, i.g("dW", layer), spec.learning_rate)
    return k.updated(i.this.bias, i.g("db", layer), spec.learning_rate)


def _key_array(key: Key, step: str, layer: int | None) -> np.ndarray:
    if step == "loss":
        return np.asarray(key.loss)
    if step == "output":
        return key.output
    return key.layers[layer].step(step)


@lru_cache(maxsize=256)
def _fields_by_step(spec: Spec) -> dict[tuple[str, int | None], tuple[FieldInfo, ...]]:
    grouped: dict[tuple[str, int | None], list[FieldInfo]] = {}
    for info in fields_cached(spec):
        grouped.setdefault((info.step, info.layer), []).append(info)
    return {step: tuple(infos) for step, infos in grouped.items()}


@lru_cache(maxsize=256)
def _weights(spec: Spec) -> tuple[float, ...]:
    return tuple(spec.weight_of(info.path) for info in fields_cached(spec))


@lru_cache(maxsize=256)
def _all_paths(spec: Spec) -> frozenset[str]:
    paths = set()
    for step, layer in step_order(spec):
        prefix = step_path(step, layer)
        for index in np.ndindex(*step_shape(spec, step, layer)):
            paths.add(".".join([prefix, *map(str, index)]))
    return frozenset(paths)


def _half_step(parsed: ParsedNumber) -> float | None:
    """Half the last place typed, when the rounding rule applies (2 or more significant figures):
    a value typed on a grid of 10^-places is the key rounded there when within half a step."""
    if parsed.significant is None or parsed.significant < 2:
        return None
    places = parsed.places
    return 0.5 * 10.0**-places if -300 < places < 300 else None


def _close(value: float, half: float | None, target: float, rtol: float, atol: float) -> bool:
    difference = abs(value - target)
    if difference <= max(atol, rtol * abs(target)):
        return True
    return half is not None and difference <= half + 1e-12 * max(1.0, abs(target))


def _texts(spec: Spec, answers: Mapping[str, object]) -> dict[str, str]:
    """The non-empty typed text of each answered field; refuse paths this exercise lacks."""
    known = _all_paths(spec)
    texts = {}
    for path, value in answers.items():
        if path not in known:
            raise AnswersError(f"{path}: this exercise has no such field.")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise AnswersError(f"{path}: expected a number or typed text, found {value!r}.")
        text = value if isinstance(value, str) else repr(value)
        if text.strip():
            texts[path] = text
    return texts


class _Marker:
    """One pass over the steps of one submission."""

    def __init__(self, spec: Spec, key: Key, texts: dict[str, str]) -> None:
        self.spec, self.key, self.texts = spec, key, texts
        self.given: dict[tuple[str, int | None], np.ndarray] = {}
        self.marks: list[FieldMark] = []

    def run(self) -> None:
        spec = self.spec
        fields = _fields_by_step(spec)
        last = len(spec.layers) - 1
        for step, layer in step_order(spec):
            inputs = Inputs(spec=spec, layer=layer, given=self.given, follow=np.empty(0))
            if step == "output":
                inputs.layer = last
            follow = _follow(step, inputs)
            inputs.follow = follow
            if step == "output":
                stand_in = self.given[("a", last)]
            elif spec.asks(step, layer):
                stand_in = _key_array(self.key, step, layer)
            else:
                stand_in = follow
            infos = fields.get((step, layer))
            if infos:
                stand_in = self._mark_step(step, layer, infos, inputs, stand_in)
            self.given[(step, layer)] = stand_in

    def _mark_step(
        self,
        step: str,
        layer: int | None,
        infos: tuple[FieldInfo, ...],
        inputs: Inputs,
        stand_in: np.ndarray,
    ) -> np.ndarray:
        spec = self.spec
        rtol, atol, partial = spec.rtol, spec.atol, spec.follow_through_credit
        expected = np.ravel(_key_array(self.key, step, layer)).tolist()
        follow = np.ravel(inputs.follow).tolist()
        values = np.array(stand_in, dtype=np.float64).ravel()
        mistakes = None
        for position, info in enumerate(infos):
            text = self.texts.get(info.path)
            target = expected[position]
            diagnosis = None
            if text is None:
                status, credit, message = MISSING, 0.0, "Not answered."
            else:
                parsed = parse_number(text)
                if not parsed.ok:
                    status, credit, message = UNPARSEABLE, 0.0, parsed.error
                else:
                    value = values[position] = parsed.value
                    half = _half_step(parsed)
                    if _close(value, half, target, rtol, atol):
                        status, credit, message = CORRECT, 1.0, "Correct."
                    elif _close(value, half, follow[position], rtol, atol):
                        status, credit = FOLLOW_THROUGH, partial
                        message = "Not the key's value, but right from your own earlier answers."
                    else:
                        if mistakes is None:
                            mistakes = mistakes_compute(inputs, step)
                        status, credit = INCORRECT, 0.0
                        diagnosis, message = self._diagnose(
                            step, layer, mistakes, position, value, half, target
                        )
            self.marks.append(
                FieldMark(info.path, status, target, text, diagnosis, message, credit)
            )
        return values.reshape(np.shape(stand_in))

    def _diagnose(self, step, layer, mistakes, position, value, half, target):
        spec = self.spec
        rtol, atol = spec.rtol, spec.atol
        rule = step_rule(spec, step, layer)
        for mistake, candidates in mistakes:
            candidate = candidates[position]
            if candidate != candidate or abs(candidate - target) <= max(atol, rtol * abs(target)):
                continue  # NaN, or the mistake gives the right answer here: never named
            if _close(value, half, candidate, rtol, atol):
                return mistake.code, f"{mistake.message} The rule: {rule}."
        return None, f"Not right, and not what your own earlier answers give. The rule: {rule}."


def mark(spec: Spec, answers: Mapping[str, object], key: Key | None = None) -> Marking:
    """Mark typed answers keyed by path (`fields_asked` lists them) against the spec.

    Values are the strings a student typed (numbers are read as their Python repr); empty
    strings and None count as missing. Paths the spec has but does not ask for are ignored;
    a path the exercise lacks raises `AnswersError`. Pass `key` when it is already computed.
    """
    texts = _texts(spec, answers)
    marker = _Marker(spec, key or key_compute(spec), texts)
    with np.errstate(all="ignore"):
        marker.run()
    weights = _weights(spec)
    total = sum(weights)
    earned = sum(w * mark.credit for w, mark in zip(weights, marker.marks, strict=True))
    return Marking(score=earned / total if total else 0.0, fields=tuple(marker.marks))


def answers_flatten(spec: Spec, data: object) -> dict[str, object]:
    """Answers shaped like the key (`{"loss", "output", "layers": [{...}]}`), or already keyed by
    path, as a mapping of path to value. Raises `AnswersError` naming the first bad place."""
    if not isinstance(data, dict):
        raise AnswersError("The answers must be an object keyed like the answer key.")
    if not set(data) <= {"loss", "output", "layers"}:
        return dict(data)
    flat: dict[str, object] = {}
    if "loss" in data:
        _walk_into(flat, "loss", (), data["loss"])
    if "output" in data:
        _walk(spec, flat, "output", None, data["output"])
    layers = data.get("layers", [])
    if not isinstance(layers, list) or len(layers) > len(spec.layers):
        raise AnswersError(f"layers: expected a list of at most {len(spec.layers)} layer(s).")
    for number, steps in enumerate(layers):
        if steps is None:
            continue
        if not isinstance(steps, dict):
            raise AnswersError(f"layers.{number}: expected an object of steps.")
        for step, value in steps.items():
            if step not in k.LayerKey.__dataclass_fields__:
                raise AnswersError(f"layers.{number}.{step}: not a step of a layer.")
            _walk(spec, flat, step, number, value)
    return flat


def _walk(spec: Spec, flat: dict, step: str, layer: int | None, value: object) -> None:
    shape = step_shape(spec, step, layer)
    prefix = step_path(step, layer)
    array = value
    # One sample may be written flat, as the spec's input is.
    flat_sample = isinstance(value, list) and bool(value) and not isinstance(value[0], list)
    if len(shape) == 2 and shape[0] == 1 and flat_sample:
        array = [value]
    _walk_into(flat, prefix, shape, array)


def _walk_into(flat: dict, path: str, shape: tuple[int, ...], value: object) -> None:
    if not shape:
        if isinstance(value, list | dict):
            raise AnswersError(f"{path}: expected one number, found a {type(value).__name__}.")
        flat[path] = value
        return
    if not isinstance(value, list) or len(value) != shape[0]:
        raise AnswersError(f"{path}: expected a list of {shape[0]}, found {value!r}.")
    for index, item in enumerate(value):
        _walk_into(flat, f"{path}.{index}", shape[1:], item)


def mistakes_indistinguishable(spec: Spec, key: Key | None = None) -> list[str]:
    """Each named mistake that gives the right answer, within tolerance, in an asked field, as
    "code at path": a student making it would be marked correct there."""
    key = key or key_compute(spec)
    last = len(spec.layers) - 1
    given = {(step, layer): _key_array(key, step, layer) for step, layer in step_order(spec)}
    found = []
    with np.errstate(all="ignore"):
        for (step, layer), infos in _fields_by_step(spec).items():
            expected = given[(step, layer)]
            inputs = Inputs(
                spec=spec, layer=last if step == "output" else layer, given=given, follow=expected
            )
            targets = np.ravel(expected).tolist()
            for mistake, candidates in mistakes_compute(inputs, step):
                for info, candidate, target in zip(infos, candidates, targets, strict=True):
                    if abs(candidate - target) <= max(spec.atol, spec.rtol * abs(target)):
                        found.append(f"{mistake.code} at {info.path}")
    return found
