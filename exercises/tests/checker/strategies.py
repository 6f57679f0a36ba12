"""Hypothesis strategies: random small networks for every activation and loss."""

from hypothesis import strategies as st

HIDDEN = ("linear", "sigmoid", "tanh", "relu")
OUTPUT_FOR_LOSS = {
    "mse": ("linear", "sigmoid", "tanh", "relu", "softmax"),
    "sse_half": ("linear", "sigmoid", "tanh", "relu", "softmax"),
    "cross_entropy": ("softmax",),
    "bce": ("sigmoid",),
}
_value = st.floats(min_value=-1.5, max_value=1.5, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def networks(draw, loss=None, max_layers=3, max_units=3, max_samples=3):
    loss = loss or draw(st.sampled_from(sorted(OUTPUT_FOR_LOSS)))
    depth = draw(st.integers(1, max_layers))
    samples = draw(st.integers(1, max_samples))
    width = draw(st.integers(1, max_units))
    output = draw(st.sampled_from(OUTPUT_FOR_LOSS[loss]))
    out_units = draw(st.integers(2 if output == "softmax" else 1, max_units))
    sizes = [draw(st.integers(1, max_units)) for _ in range(depth - 1)] + [out_units]
    layers, below = [], width
    for number, units in enumerate(sizes, start=1):
        activation = output if number == depth else draw(st.sampled_from(HIDDEN))
        weights = [[draw(_value) for _ in range(below)] for _ in range(units)]
        bias = [draw(_value) for _ in range(units)]
        layers.append({"weights": weights, "bias": bias, "activation": activation})
        below = units
    inputs = [[draw(_value) for _ in range(width)] for _ in range(samples)]
    if loss == "cross_entropy":
        targets = []
        for _ in range(samples):
            row = [0.0] * out_units
            row[draw(st.integers(0, out_units - 1))] = 1.0
            targets.append(row)
    elif loss == "bce":
        unit = st.floats(0, 1).map(lambda v: round(v, 2))
        targets = [[draw(unit) for _ in range(out_units)] for _ in range(samples)]
    else:
        targets = [[draw(_value) for _ in range(out_units)] for _ in range(samples)]
    return {
        "title": "random",
        "input": inputs,
        "target": targets,
        "layers": layers,
        "loss": loss,
        "learning_rate": draw(st.sampled_from([0.05, 0.1, 0.5])),
    }
