"""The rule of each step, as a marker writes it beside a wrong answer or in a worked solution."""

from functools import lru_cache

from .spec import Spec

ACTIVATION_RULE = {
    "linear": "a = z",
    "sigmoid": "a = σ(z) = 1 / (1 + e^(−z))",
    "tanh": "a = tanh(z)",
    "relu": "a = max(0, z)",
    "softmax": "aᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)",
}
DERIVATIVE_RULE = {
    "linear": "∂L/∂z = ∂L/∂a, since a = z",
    "sigmoid": "∂L/∂z = ∂L/∂a · σ′(z), where σ′(z) = σ(z)(1 − σ(z)) = a(1 − a)",
    "tanh": "∂L/∂z = ∂L/∂a · (1 − tanh²(z)) = ∂L/∂a · (1 − a²)",
    "relu": "∂L/∂z = ∂L/∂a where z > 0, and 0 where z ≤ 0",
    "softmax": (
        "∂L/∂zᵢ = aᵢ(∂L/∂aᵢ − Σⱼ ∂L/∂aⱼ·aⱼ); with cross-entropy this is (ŷᵢ − yᵢ) / samples"
    ),
}
LOSS_RULE = {
    "mse": "L = the mean over outputs of (ŷ − y)², then the mean over samples",
    "sse_half": "L = ½ Σ (ŷ − y)² over outputs, then the mean over samples",
    "cross_entropy": "L = −Σ y·ln ŷ over outputs, then the mean over samples",
    "bce": "L = −Σ [y·ln ŷ + (1 − y)·ln(1 − ŷ)] over outputs, then the mean over samples",
}
LOSS_GRADIENT_RULE = {
    "mse": "∂L/∂ŷ = 2(ŷ − y) / (outputs × samples)",
    "sse_half": "∂L/∂ŷ = (ŷ − y) / samples",
    "cross_entropy": "∂L/∂ŷ = −y / ŷ / samples",
    "bce": "∂L/∂ŷ = (ŷ − y) / (ŷ(1 − ŷ)) / samples",
}


@lru_cache(maxsize=1024)
def step_rule(spec: Spec, step: str, layer: int | None) -> str:
    """The rule for a step, as a marker would write it beside a wrong answer."""
    last = len(spec.layers) - 1
    activation = spec.layers[last if layer is None else layer].activation
    rules = {
        "z": "z = W·a_prev + b, where a_prev is the layer below's a (the input for layer 1)",
        "a": ACTIVATION_RULE[activation],
        "output": f"ŷ is the last layer's a: {ACTIVATION_RULE[activation]}",
        "loss": LOSS_RULE[spec.loss],
        "da": (
            LOSS_GRADIENT_RULE[spec.loss]
            if layer == last
            else "∂L/∂a = Wᵀ·∂L/∂z, with W and ∂L/∂z of the layer above"
        ),
        "dz": DERIVATIVE_RULE[activation],
        "dW": "∂L/∂Wᵢⱼ = Σ over samples of ∂L/∂zᵢ · a_prevⱼ (shaped like W)",
        "db": "∂L/∂bᵢ = Σ over samples of ∂L/∂zᵢ",
        "W_new": f"W_new = W − η·∂L/∂W, with η = {spec.learning_rate:g}",
        "b_new": f"b_new = b − η·∂L/∂b, with η = {spec.learning_rate:g}",
    }
    return rules[step]
