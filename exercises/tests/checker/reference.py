"""An independent, loop-by-loop forward and backward pass for the tests to compare against.

Written from the issue's definitions, sharing no code with the checker, and able to override any
step with a student's own (wrong) value so everything after it follows consistently.
"""

import numpy as np


def _act(z, name):
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.where(z > 0, z, 0.0)
    if name == "softmax":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return z


def _rows(value):
    array = np.array(value, dtype=float)
    return array[None, :] if array.ndim == 1 else array


def network_loss(data, weights=None, biases=None):
    """The mean loss of the spec `data`, optionally with other weights and biases."""
    a = _rows(data["input"])
    for index, layer in enumerate(data["layers"]):
        w = np.array(layer["weights"]) if weights is None else weights[index]
        b = np.array(layer["bias"]) if biases is None else biases[index]
        a = _act(a @ w.T + b, layer["activation"])
    return _loss(a, _rows(data["target"]), data["loss"])


def _loss(out, y, loss):
    per_sample = {
        "mse": lambda: ((out - y) ** 2).mean(axis=1),
        "sse_half": lambda: 0.5 * ((out - y) ** 2).sum(axis=1),
        "cross_entropy": lambda: -(y * np.log(out)).sum(axis=1),
        "bce": lambda: -(y * np.log(out) + (1 - y) * np.log(1 - out)).sum(axis=1),
    }[loss]()
    return float(per_sample.mean())


def _loss_gradient(out, y, loss):
    samples, outputs = out.shape
    if loss == "mse":
        return 2 * (out - y) / (outputs * samples)
    if loss == "sse_half":
        return (out - y) / samples
    if loss == "cross_entropy":
        return -y / out / samples
    return (-y / out + (1 - y) / (1 - out)) / samples


def _derivative(z, act):
    if act == "sigmoid":
        return _act(z, "sigmoid") * (1 - _act(z, "sigmoid"))
    if act == "tanh":
        return 1 - np.tanh(z) ** 2
    if act == "relu":
        return (z > 0).astype(float)
    return np.ones_like(z)


def steps(data, override=None):
    """Every step as {(step, layer): array}, each computed from the (possibly overridden) ones
    before it. `override` maps (step, layer) to a function changing that step's array."""
    override = override or {}

    def put(name, layer, value):
        change = override.get((name, layer))
        out[(name, layer)] = change(np.array(value, dtype=float)) if change else value
        return out[(name, layer)]

    out = {}
    layers = data["layers"]
    x, y = _rows(data["input"]), _rows(data["target"])
    samples, count = x.shape[0], len(layers)
    a = x
    for index, layer in enumerate(layers):
        w, b = np.array(layer["weights"]), np.array(layer["bias"])
        z = put("z", index, a @ w.T + b)
        a = put("a", index, _act(z, layer["activation"]))
    out[("loss", None)] = np.array(_loss(a, y, data["loss"]))
    for index in range(count - 1, -1, -1):
        layer = layers[index]
        if index == count - 1:
            da = _loss_gradient(a, y, data["loss"])
        else:
            da = out[("dz", index + 1)] @ np.array(layers[index + 1]["weights"])
        da = put("da", index, da)
        z, act = out[("z", index)], layer["activation"]
        if act == "softmax":
            s = _act(z, "softmax")
            dz = np.empty_like(da)
            for row in range(samples):  # the full Jacobian, element by element
                jac = np.diag(s[row]) - np.outer(s[row], s[row])
                dz[row] = jac.T @ da[row]
        else:
            derivative = _derivative(z, act)
            dz = da * derivative
        dz = put("dz", index, dz)
        a_below = out[("a", index - 1)] if index else x
        dw = put("dW", index, dz.T @ a_below)
        db = put("db", index, dz.sum(axis=0))
        eta = data["learning_rate"]
        out[("W_new", index)] = np.array(layer["weights"]) - eta * dw
        out[("b_new", index)] = np.array(layer["bias"]) - eta * db
    return out
