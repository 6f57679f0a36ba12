"""The worked solution shows each step's formula and the key's numbers."""

from exercises.checker import key_compute, solution_text, spec_load


def test_house_price_solution_walks_through_every_step_with_the_numbers():
    spec = spec_load("exercises/specs/house_price.json")
    text = solution_text(spec, key_compute(spec))
    for line in [
        "z₁ = 0.5 × 1 + (−0.2) × 2 + 0.1 = 0.2",
        "a₁ = σ(0.2) = 0.5498",
        "L = 9.6616",
        "∂L/∂a₁ = 2 × (−0.1083 − 3) / (1 × 1) = −6.2166",
        "∂L/∂z₁ = (−6.2166) × 0.5498 × (1 − 0.5498) = −1.5387",
        "W₁₁ = 0.5 − 0.1 × (−1.5387) = 0.6539",
    ]:
        assert line in text


def test_unwell_solution_shows_the_softmax_and_its_cross_entropy_gradient():
    spec = spec_load("exercises/specs/unwell.json")
    text = solution_text(spec, key_compute(spec))
    assert "Σ e^z = e^0.3 + e^(−0.06) = 2.2916" in text
    assert "a₁ = 1.3499 / 2.2916 = 0.589" in text
    assert "∂L/∂z₁ = (0.589 − 1) / 1 = −0.411" in text
    assert "∂L/∂z₂ = 0.4932 × 1 (z = 0.4) = 0.4932" in text
