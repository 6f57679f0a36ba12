"""How the phone shows each step of the computation: its heading, its formula and the symbol of
each field (z₁⁽¹⁾, ∂L/∂W₁₂⁽²⁾). Pure Python; terms are the checker's (:mod:`exercises.checker`).

Layers are counted from 1 on screen (superscripts ⁽¹⁾) and from 0 in paths (``layers.0.z``);
units from 1 in subscripts. With several samples, a per-sample field's symbol ends in its sample
("z₁⁽¹⁾ · sample 2").
"""

from __future__ import annotations

from dataclasses import dataclass

from .checker import FieldInfo, Spec
from .checker.fields import step_order, step_path

_SUB = str.maketrans("0123456789,", "₀₁₂₃₄₅₆₇₈₉‚")
_SUP = str.maketrans("0123456789()-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻")
PER_SAMPLE = ("z", "a", "da", "dz", "output")

_SYMBOLS = {
    "z": "z{i}{l}",
    "a": "a{i}{l}",
    "da": "∂L/∂a{i}{l}",
    "dz": "∂L/∂z{i}{l}",
    "dW": "∂L/∂W{i}{l}",
    "db": "∂L/∂b{i}{l}",
    "W_new": "W{i}{l} new",
    "b_new": "b{i}{l} new",
}

_ACTIVATION_FORMULAS = {
    "sigmoid": "a{l} = σ(z{l}) = 1 / (1 + e^(−z{l}))",
    "tanh": "a{l} = tanh(z{l})",
    "relu": "a{l} = max(0, z{l})",
    "linear": "a{l} = z{l} (no activation)",
    "softmax": "a{l} = softmax(z{l}): e^(zᵢ) / Σⱼ e^(zⱼ)",
}
_LOSS_FORMULAS = {
    "mse": "L = mean over outputs of (ŷ − y)²",
    "sse_half": "L = ½ Σ (ŷ − y)²",
    "cross_entropy": "L = −Σ y · ln ŷ",
    "bce": "L = −[y ln ŷ + (1 − y) ln(1 − ŷ)]",
}
_DERIVATIVES = {
    "sigmoid": "∂L/∂z{l} = ∂L/∂a{l} ⊙ σ′(z{l}), σ′(z) = σ(z)(1 − σ(z))",
    "tanh": "∂L/∂z{l} = ∂L/∂a{l} ⊙ (1 − tanh²(z{l}))",
    "relu": "∂L/∂z{l} = ∂L/∂a{l} ⊙ [z{l} > 0]",
    "linear": "∂L/∂z{l} = ∂L/∂a{l}",
    "softmax": "∂L/∂z{l} = ŷ − y (softmax with cross-entropy)",
}


def layer_mark(layer: int) -> str:
    """The superscript of a layer counted from 0: layer 0 → ⁽¹⁾."""
    return f"({layer + 1})".translate(_SUP)


def symbol(field: FieldInfo, spec: Spec) -> str:
    """The field's symbol with its indices: z₁⁽¹⁾, ∂L/∂W₁₂⁽²⁾, ŷ₁, L."""
    if field.step == "loss":
        return "L"
    index, sample = field.index, ""
    if field.step in PER_SAMPLE:
        if spec.samples > 1:
            sample = f" · sample {index[0] + 1}"
        index = index[1:]
    units = "".join(str(i + 1) for i in index)
    if any(i >= 9 for i in index):
        units = ",".join(str(i + 1) for i in index)
    sub = units.translate(_SUB)
    if field.step == "output":
        return f"ŷ{sub}{sample}"
    return _SYMBOLS[field.step].format(i=sub, l=layer_mark(field.layer)) + sample


def step_symbol(step: str, layer: int | None) -> str:
    """A step's short name: z⁽¹⁾, ∂L/∂W⁽²⁾, L, ŷ."""
    if step == "loss":
        return "L"
    if step == "output":
        return "ŷ"
    return _SYMBOLS[step].format(i="", l=layer_mark(layer))


@dataclass(frozen=True)
class StepView:
    """One step of the form: its path prefix, heading, formula and its fields in order."""

    key: str  # the step's path prefix: "layers.0.z", "loss"
    step: str
    layer: int | None
    heading: str
    formula: str
    fields: tuple[FieldInfo, ...]

    @property
    def symbol(self) -> str:
        return step_symbol(self.step, self.layer)


def _heading(step: str, layer: int | None, last: int) -> str:
    if step == "loss":
        return "The loss"
    if step == "output":
        return "The output"
    n = layer + 1
    return {
        "z": f"Layer {n}: weighted sums",
        "a": f"Layer {n}: activations",
        "da": f"Backward, layer {n}: gradient of the activations",
        "dz": f"Backward, layer {n}: gradient of the weighted sums",
        "dW": f"Backward, layer {n}: gradient of the weights",
        "db": f"Backward, layer {n}: gradient of the biases",
        "W_new": f"Update, layer {n}: new weights",
        "b_new": f"Update, layer {n}: new biases",
    }[step] + (" (output layer)" if layer == last and step in ("z", "a") else "")


def _formula(spec: Spec, step: str, layer: int | None) -> str:
    if step == "loss":
        return _LOSS_FORMULAS[spec.loss]
    if step == "output":
        return "ŷ = a of the last layer"
    mark = layer_mark(layer)
    below = "x" if layer == 0 else f"a{layer_mark(layer - 1)}"
    activation = spec.layers[layer].activation
    last = layer == len(spec.layers) - 1
    return {
        "z": f"z{mark} = W{mark} {below} + b{mark}",
        "a": _ACTIVATION_FORMULAS[activation].format(l=mark),
        "da": (
            "∂L/∂ŷ from the loss"
            if last
            else f"∂L/∂a{mark} = W{layer_mark(layer + 1)}ᵀ ∂L/∂z{layer_mark(layer + 1)}"
        ),
        "dz": _DERIVATIVES[activation].format(l=mark),
        "dW": f"∂L/∂W{mark} = ∂L/∂z{mark} {below}ᵀ (averaged over samples)",
        "db": f"∂L/∂b{mark} = ∂L/∂z{mark} (averaged over samples)",
        "W_new": f"W{mark} new = W{mark} − η ∂L/∂W{mark}, η = {spec.learning_rate:g}",
        "b_new": f"b{mark} new = b{mark} − η ∂L/∂b{mark}, η = {spec.learning_rate:g}",
    }[step]


def steps_asked(spec: Spec, fields: tuple[FieldInfo, ...]) -> list[StepView]:
    """The asked steps in the order they are computed by hand, each with its fields."""
    by_step: dict[tuple[str, int | None], list[FieldInfo]] = {}
    for field in fields:
        by_step.setdefault((field.step, field.layer), []).append(field)
    last = len(spec.layers) - 1
    return [
        StepView(
            key=step_path(step, layer),
            step=step,
            layer=layer,
            heading=_heading(step, layer, last),
            formula=_formula(spec, step, layer),
            fields=tuple(by_step[(step, layer)]),
        )
        for step, layer in step_order(spec)
        if (step, layer) in by_step
    ]
