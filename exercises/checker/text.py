"""The worked solution: every step with its formula and its numbers, to hand out or project.

Numbers are shown to 4 decimal places (4 significant figures when very large or small); the
working carries full precision, so a student rounding at each step may differ in the last place.
"""

import numpy as np

from .fields import subscript
from .key import Key
from .rules import ACTIVATION_RULE, DERIVATIVE_RULE, LOSS_GRADIENT_RULE, LOSS_RULE
from .spec import Spec


def _n(value: float) -> str:
    value = float(value)
    if value == 0:
        return "0"
    if abs(value) >= 1e4 or abs(value) < 1e-3:
        text = f"{value:.4g}"
    else:
        text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _p(value: float) -> str:
    """A number inside a formula: negative ones in parentheses."""
    text = _n(value)
    return f"({text})" if text.startswith("−") else text


def _sub(*index: int) -> str:
    return subscript(index)


class _Writer:
    def __init__(self, spec: Spec, key: Key) -> None:
        self.spec, self.key, self.lines = spec, key, []

    def line(self, text: str = "", indent: int = 0) -> None:
        self.lines.append("  " * indent + text)

    def samples(self) -> list[tuple[int, str]]:
        if self.spec.samples == 1:
            return [(0, "")]
        return [(s, f"sample {s + 1}: ") for s in range(self.spec.samples)]

    def a_below(self, layer: int) -> np.ndarray:
        return self.key.layers[layer - 1].a if layer else self.spec.inputs

    def header(self) -> None:
        spec = self.spec
        self.line(f"{spec.title or 'Exercise'}: worked solution")
        parts = [f"{spec.inputs.shape[1]} inputs"]
        parts += [
            f"layer {n}: {layer.units} unit(s), {layer.activation}"
            for n, layer in enumerate(spec.layers, start=1)
        ]
        self.line(" → ".join(parts))
        self.line(
            f"Loss: {spec.loss}. Learning rate η = {spec.learning_rate:g}. Samples: {spec.samples}."
        )
        for s, label in self.samples():
            inputs = ", ".join(_n(v) for v in spec.inputs[s])
            targets = ", ".join(_n(v) for v in spec.targets[s])
            self.line(f"{label}x = ({inputs}), y = ({targets})")

    def forward(self) -> None:
        self.line()
        self.line("Forward pass")
        for number, layer in enumerate(self.spec.layers):
            values = self.key.layers[number]
            below = "x" if number == 0 else f"a of layer {number}"
            self.line(f"Layer {number + 1} ({layer.activation})", 1)
            self.line(f"z = W·a_prev + b, with a_prev = {below}", 2)
            for s, label in self.samples():
                a_prev = self.a_below(number)[s]
                for i in range(layer.units):
                    terms = " + ".join(
                        f"{_p(w)} × {_p(a)}" for w, a in zip(layer.weights[i], a_prev, strict=True)
                    )
                    self.line(
                        f"{label}z{_sub(i)} = {terms} + {_p(layer.bias[i])} = {_n(values.z[s, i])}",
                        3,
                    )
            self.line(ACTIVATION_RULE[layer.activation], 2)
            for s, label in self.samples():
                z, a = values.z[s], values.a[s]
                if layer.activation == "softmax":
                    # Shift by the largest z only where e^z would overflow; by hand e^z is clearer.
                    shift = z.max() if z.max() > 50 else 0.0
                    exps = np.exp(z - shift)
                    terms = " + ".join(f"e^{_p(v - shift)}" for v in z)
                    self.line(f"{label}Σ e^z = {terms} = {_n(exps.sum())}", 3)
                    for i in range(layer.units):
                        self.line(
                            f"{label}a{_sub(i)} = {_n(exps[i])} / {_n(exps.sum())} = {_n(a[i])}", 3
                        )
                    continue
                for i in range(layer.units):
                    call = {
                        "sigmoid": f"σ({_n(z[i])})",
                        "tanh": f"tanh({_n(z[i])})",
                        "relu": f"max(0, {_n(z[i])})",
                        "linear": f"z{_sub(i)}",
                    }[layer.activation]
                    self.line(f"{label}a{_sub(i)} = {call} = {_n(a[i])}", 3)

    def loss(self) -> None:
        spec, key = self.spec, self.key
        self.line()
        self.line("Loss")
        self.line(LOSS_RULE[spec.loss], 2)
        output = key.output
        for s, label in self.samples():
            pairs = list(zip(output[s], spec.targets[s], strict=True))
            if spec.loss in ("mse", "sse_half"):
                terms = " + ".join(f"({_n(h)} − {_p(y)})²" for h, y in pairs)
                lead = f"({terms}) / {len(pairs)}" if spec.loss == "mse" else f"½ ({terms})"
            elif spec.loss == "cross_entropy":
                lead = "−(" + " + ".join(f"{_p(y)} × ln {_n(h)}" for h, y in pairs) + ")"
            else:
                lead = (
                    "−("
                    + " + ".join(
                        f"{_p(y)} × ln {_n(h)} + {_p(1 - y)} × ln {_n(1 - h)}" for h, y in pairs
                    )
                    + ")"
                )
            self.line(f"{label}L = {lead}", 3)
        self.line(f"L = {_n(key.loss)}", 2)

    def backward(self) -> None:
        spec, key = self.spec, self.key
        last = len(spec.layers) - 1
        self.line()
        self.line("Backward pass")
        for number in range(last, -1, -1):
            layer, values = spec.layers[number], key.layers[number]
            self.line(f"Layer {number + 1} ({layer.activation})", 1)
            if number == last:
                self.line(LOSS_GRADIENT_RULE[spec.loss], 2)
            else:
                self.line("∂L/∂a = Wᵀ·∂L/∂z of the layer above", 2)
                above_w, above_dz = spec.layers[number + 1].weights, key.layers[number + 1].dz
            for s, label in self.samples():
                for i in range(layer.units):
                    if number == last:
                        working = self._loss_gradient(s, i) + " = "
                    else:
                        working = " + ".join(
                            f"{_p(above_w[j, i])} × {_p(above_dz[s, j])}"
                            for j in range(above_w.shape[0])
                        )
                        working += " = "
                    self.line(f"{label}∂L/∂a{_sub(i)} = {working}{_n(values.da[s, i])}", 3)
            self.line(DERIVATIVE_RULE[layer.activation], 2)
            for s, label in self.samples():
                for i in range(layer.units):
                    self.line(f"{label}∂L/∂z{_sub(i)} = {self._dz(number, s, i)}", 3)
            self.line("∂L/∂Wᵢⱼ = Σ over samples of ∂L/∂zᵢ × a_prevⱼ", 2)
            a_prev = self.a_below(number)
            for i in range(layer.units):
                for j in range(layer.weights.shape[1]):
                    terms = " + ".join(
                        f"{_p(values.dz[s, i])} × {_p(a_prev[s, j])}" for s in range(spec.samples)
                    )
                    self.line(f"∂L/∂W{_sub(i, j)} = {terms} = {_n(values.dW[i, j])}", 3)
            self.line("∂L/∂bᵢ = Σ over samples of ∂L/∂zᵢ", 2)
            for i in range(layer.units):
                self.line(f"∂L/∂b{_sub(i)} = {_n(values.db[i])}", 3)

    def _loss_gradient(self, s: int, i: int) -> str:
        spec = self.spec
        h, y, samples = self.key.output[s, i], spec.targets[s, i], spec.samples
        outputs = spec.layers[-1].units
        if spec.loss == "mse":
            return f"2 × ({_n(h)} − {_p(y)}) / ({outputs} × {samples})"
        if spec.loss == "sse_half":
            return f"({_n(h)} − {_p(y)}) / {samples}"
        if spec.loss == "cross_entropy":
            return f"−{_p(y)} / {_n(h)} / {samples}"
        return f"({_n(h)} − {_p(y)}) / ({_n(h)} × (1 − {_n(h)})) / {samples}"

    def _dz(self, number: int, s: int, i: int) -> str:
        spec, values = self.spec, self.key.layers[number]
        activation = spec.layers[number].activation
        da, z, a, dz = values.da[s, i], values.z[s, i], values.a[s, i], values.dz[s, i]
        if activation == "sigmoid":
            return f"{_p(da)} × {_n(a)} × (1 − {_n(a)}) = {_n(dz)}"
        if activation == "tanh":
            return f"{_p(da)} × (1 − {_n(a)}²) = {_n(dz)}"
        if activation == "relu":
            return f"{_p(da)} × {1 if z > 0 else 0} (z = {_n(z)}) = {_n(dz)}"
        if activation == "softmax" and spec.loss == "cross_entropy":
            y = spec.targets[s, i]
            return f"({_n(a)} − {_p(y)}) / {spec.samples} = {_n(dz)}"
        if activation == "softmax":
            total = float((values.da[s] * values.a[s]).sum())
            return f"{_n(a)} × ({_p(da)} − {_p(total)}) = {_n(dz)}"
        return f"∂L/∂a{_sub(i)} = {_n(dz)}"

    def update(self) -> None:
        spec, key = self.spec, self.key
        eta = f"{spec.learning_rate:g}"
        self.line()
        self.line("Update: W_new = W − η·∂L/∂W, b_new = b − η·∂L/∂b")
        for number, layer in enumerate(spec.layers):
            values = key.layers[number]
            self.line(f"Layer {number + 1}", 1)
            for i in range(layer.units):
                for j in range(layer.weights.shape[1]):
                    self.line(
                        f"W{_sub(i, j)} = {_n(layer.weights[i, j])} − {eta} × "
                        f"{_p(values.dW[i, j])} = {_n(values.W_new[i, j])}",
                        3,
                    )
            for i in range(layer.units):
                self.line(
                    f"b{_sub(i)} = {_n(layer.bias[i])} − {eta} × {_p(values.db[i])} = "
                    f"{_n(values.b_new[i])}",
                    3,
                )


def solution_text(spec: Spec, key: Key) -> str:
    """The worked solution of the exercise as plain text, one step per line."""
    writer = _Writer(spec, key)
    writer.header()
    writer.forward()
    writer.loss()
    writer.backward()
    writer.update()
    return "\n".join(writer.lines) + "\n"
