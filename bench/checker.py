"""How long marking one complete submission takes, next to the bare forward and backward pass.

For each exercise it marks a submission with every field answered and wrong by no known mistake,
so every diagnosis of every step is recomputed and tried against every field (the worst case),
and one with every field right; it prints the median over many runs of each, of `key_compute`
alone, and the ratio of the worst case to the bare pass.
Run: .venv/bin/python bench/checker.py
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from exercises.checker import key_compute, mark, spec_load, spec_parse  # noqa: E402

RUNS = 2000


def four_by_five() -> dict:
    rng = np.random.default_rng(7)
    layers, below = [], 5
    for activation in ("tanh", "sigmoid", "relu", "softmax"):
        layers.append(
            {
                "weights": np.round(rng.uniform(-1, 1, (5, below)), 1).tolist(),
                "bias": np.round(rng.uniform(-0.5, 0.5, 5), 1).tolist(),
                "activation": activation,
            }
        )
        below = 5
    return {
        "title": "4 layers, 5 wide",
        "input": np.round(rng.uniform(0, 1, 5), 1).tolist(),
        "target": [0.0, 0.0, 1.0, 0.0, 0.0],
        "layers": layers,
        "loss": "cross_entropy",
        "learning_rate": 0.1,
    }


def submissions(spec) -> tuple[dict[str, str], dict[str, str]]:
    """Every field typed right; and every field typed wrong by no known mistake, the worst case,
    in which every diagnosis of every step is recomputed and compared with every field."""
    blank = mark(spec, {})
    right = {field.path: f"{field.expected:.6f}" for field in blank.fields}
    # A different offset per field, so no later field happens to follow from an earlier one.
    wrong = {
        field.path: f"{field.expected * 1.7 + 0.3 + 0.07 * number:.6f}"
        for number, field in enumerate(blank.fields)
    }
    return right, wrong


def median_seconds(function, runs: int = RUNS) -> float:
    for _ in range(50):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    root = Path(__file__).resolve().parent.parent / "exercises" / "specs"
    exercises = [
        ("house_price (seed)", spec_load(root / "house_price.json")),
        ("unwell (seed)", spec_load(root / "unwell.json")),
        ("4 layers × 5 units", spec_parse(four_by_five())),
    ]
    print(f"median of {RUNS} runs; marking includes parsing, follow-through and diagnoses")
    print(
        f"{'exercise':<22}{'fields':>7}{'all wrong':>12}{'all right':>12}{'fwd+bwd':>11}"
        f"{'ratio':>8}"
    )
    for name, spec in exercises:
        right, wrong = submissions(spec)
        fields = len(mark(spec, right).fields)
        worst = median_seconds(lambda spec=spec, answers=wrong: mark(spec, answers))
        best = median_seconds(lambda spec=spec, answers=right: mark(spec, answers))
        key_time = median_seconds(lambda spec=spec: key_compute(spec))
        print(
            f"{name:<22}{fields:>7}{worst * 1e3:>10.3f}ms{best * 1e3:>10.3f}ms"
            f"{key_time * 1e3:>9.3f}ms{worst / key_time:>7.1f}×"
        )
    print("ratio = marking the all-wrong submission / the bare forward and backward pass")


if __name__ == "__main__":
    main()
