"""The network diagram: every label inside the picture and on no other, the spec's own numbers,
the key's values only when asked for, and a template without style attributes."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import diagram as dg
from exercises.checker import Spec, document_load, key_compute, spec_load, spec_parse

SPECS = Path(__file__).resolve().parent.parent / "specs"
SEEDS = ("house_price", "unwell")


def seed(name: str) -> Spec:
    return spec_load(SPECS / f"{name}.json")


def labels_of(diagram: dg.Diagram) -> set[str]:
    """Every text the diagram draws."""
    texts = {edge.label for edge in diagram.edges}
    for node in diagram.nodes:
        texts.add(node.label)
        texts.update(line.text for line in node.lines)
    return texts


def assert_inside(diagram: dg.Diagram) -> None:
    for node in diagram.nodes:
        for box in node.boxes:
            assert box.inside(diagram.width, diagram.height), (node.label, box)
    for edge in diagram.edges:
        assert edge.label_box.inside(diagram.width, diagram.height), (edge.label, edge.label_box)


def assert_labels_apart(diagram: dg.Diagram) -> None:
    node_boxes = [box for node in diagram.nodes for box in node.boxes]
    for a, b in itertools.combinations(diagram.edges, 2):
        assert not a.label_box.overlaps(b.label_box), (a.label, b.label)
    for edge in diagram.edges:
        for box in node_boxes:
            assert not edge.label_box.overlaps(box), (edge.label, box)


# Spec numbers as an instructor types them, the widest first, so labels are as long as they get.
_number = st.sampled_from([-1.25, -0.75, 0.5, -0.2, 1.0, 0.05, 2.5, -3.0, 0.125])


@st.composite
def networks(draw) -> dict:
    """1 to 3 layers of 1 to 4 units, 1 to 4 inputs, 1 to 3 samples."""
    inputs = draw(st.integers(1, 4))
    samples = draw(st.integers(1, 3))
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=3))
    layers, below = [], inputs
    for number, units in enumerate(sizes, start=1):
        last = number == len(sizes)
        activation = draw(
            st.sampled_from(("linear", "sigmoid") if last else ("sigmoid", "relu", "tanh"))
        )
        layers.append(
            {
                "weights": [[draw(_number) for _ in range(below)] for _ in range(units)],
                "bias": [draw(_number) for _ in range(units)],
                "activation": activation,
            }
        )
        below = units
    return {
        "input": [[draw(_number) for _ in range(inputs)] for _ in range(samples)],
        "target": [[draw(_number) for _ in range(below)] for _ in range(samples)],
        "layers": layers,
        "loss": "mse",
        "learning_rate": 0.1,
    }


_shown = st.sets(st.sampled_from(sorted(dg.SHOWABLE))).map(frozenset)


@settings(max_examples=60, deadline=None)
@given(networks(), _shown)
def test_every_node_and_edge_label_lies_inside_the_viewbox(data, show):
    spec = spec_parse(data)
    diagram = dg.network_diagram(spec, key=key_compute(spec), show=show)
    assert diagram.width >= dg.WIDTH
    if not show:  # the phone's diagram: text of 11 px or more at 390 px wide
        assert dg.FONT_SIZE * 390 / diagram.width >= 11
    assert_inside(diagram)
    if diagram.caption:
        width = dg.text_width(diagram.caption, dg.FONT_SIZE)
        assert width / 2 <= diagram.caption_x <= diagram.width - width / 2
        assert diagram.caption_y + dg.LINE / 2 <= diagram.height


@settings(max_examples=60, deadline=None)
@given(networks(), _shown)
def test_no_edge_label_lies_on_another_or_on_a_node_for_up_to_four_units(data, show):
    spec = spec_parse(data)
    diagram = dg.network_diagram(spec, key=key_compute(spec), show=show)
    assert len(diagram.edges) == sum(layer.weights.size for layer in spec.layers)
    assert_labels_apart(diagram)


@pytest.mark.parametrize("name", SEEDS)
@pytest.mark.parametrize("show", [frozenset(), frozenset({"z", "a", "output", "loss"})])
def test_the_seed_specs_labels_sit_apart_inside_the_picture(name, show):
    spec = seed(name)
    diagram = dg.network_diagram(spec, key=key_compute(spec), show=show)
    assert_inside(diagram)
    assert_labels_apart(diagram)


@pytest.mark.parametrize("name", SEEDS)
def test_on_a_phone_the_seed_specs_weights_carry_their_names(name):
    diagram = dg.network_diagram(spec_parse(document_load(SPECS / f"{name}.json")))
    assert diagram.named
    assert diagram.caption == ""
    assert all(edge.label == f"{edge.name} = {edge.value}" for edge in diagram.edges)


def test_where_names_do_not_fit_the_weights_are_values_and_a_caption_says_so():
    data = {
        "input": [0.5, -1.25, 2.5, 1.0],
        "target": [1.0, 0.0, 0.5, 0.25],
        "layers": [
            {"weights": [[-1.25] * 4] * 4, "bias": [0.5] * 4, "activation": "sigmoid"},
            {"weights": [[-1.25] * 4] * 4, "bias": [0.5] * 4, "activation": "tanh"},
            {"weights": [[-1.25] * 4] * 4, "bias": [0.5] * 4, "activation": "linear"},
        ],
        "loss": "mse",
        "learning_rate": 0.1,
    }
    diagram = dg.network_diagram(spec_parse(data))
    assert not diagram.named
    assert diagram.caption == dg.CAPTION
    assert {edge.label for edge in diagram.edges} == {"−1.25"}
    assert all(edge.name.startswith("w") for edge in diagram.edges)


def test_the_labels_show_the_house_price_specs_numbers():
    diagram = dg.network_diagram(seed("house_price"))
    labels = labels_of(diagram)
    assert {"w₁₁⁽¹⁾ = 0.5", "w₁₂⁽¹⁾ = −0.2", "w₂₁⁽¹⁾ = 0.3", "w₂₂⁽¹⁾ = 0.8"} <= labels
    assert {"w₁₁⁽²⁾ = 1", "w₁₂⁽²⁾ = −1"} <= labels
    assert {"b = 0.1", "b = −0.1", "b = 0.2"} <= labels
    assert {"x₁", "x₂", "= 1", "= 2", "y₁", "= 3", "a₁⁽¹⁾", "a₂⁽¹⁾", "a₁⁽²⁾"} <= labels
    units = [node for node in diagram.nodes if node.kind == "unit"]
    assert [node.sublabel for node in units] == ["σ", "σ", "linear"]


def test_the_unwell_spec_shows_its_activations_and_both_targets():
    diagram = dg.network_diagram(seed("unwell"))
    units = [node.sublabel for node in diagram.nodes if node.kind == "unit"]
    targets = [(node.label, node.sublabel) for node in diagram.nodes if node.kind == "target"]
    assert units == ["ReLU", "ReLU", "softmax", "softmax"]
    assert targets == [("y₁", "= 1"), ("y₂", "= 0")]
    assert "w₂₁⁽¹⁾ = −0.2" in labels_of(diagram)


def test_with_the_key_and_show_z_and_a_the_units_show_the_keys_values():
    spec = seed("house_price")
    key = key_compute(spec)
    diagram = dg.network_diagram(spec, key=key, show=frozenset({"z", "a"}))
    values = [line.text for node in diagram.nodes for line in node.lines if line.kind == "value"]
    # z⁽¹⁾ = (0.5·1 − 0.2·2 + 0.1, 0.3·1 + 0.8·2 − 0.1) = (0.2, 1.8); a⁽¹⁾ = σ(z⁽¹⁾).
    assert values == [
        "z = 0.2",
        "a = 0.55",
        "z = 1.8",
        "a = 0.858",
        f"z = {dg.number_text(key.layers[1].z[0, 0], 3)}",
        f"a = {dg.number_text(key.layers[1].a[0, 0], 3)}",
    ]
    assert "a = 0.55" in diagram.description


def test_without_the_key_or_without_show_no_values_are_shown():
    spec = seed("house_price")
    without_key = dg.network_diagram(spec, show=frozenset({"z", "a"}))
    without_show = dg.network_diagram(spec, key=key_compute(spec))
    for diagram in (without_key, without_show):
        assert not [line for node in diagram.nodes for line in node.lines if line.kind == "value"]
        assert "z = " not in diagram.description


def test_output_and_loss_are_shown_beside_the_output_and_the_target():
    spec = seed("unwell")
    key = key_compute(spec)
    diagram = dg.network_diagram(spec, key=key, show=frozenset({"output", "loss"}))
    outputs = [n for n in diagram.nodes if n.kind == "unit" and n.layer == 1]
    assert [n.lines[-1].text for n in outputs] == ["ŷ = 0.589", "ŷ = 0.411"]
    targets = [n for n in diagram.nodes if n.kind == "target"]
    assert targets[-1].lines[-1].text == f"L = {dg.number_text(key.loss, 3)}"


def test_a_step_the_diagram_cannot_draw_is_refused():
    spec = seed("house_price")
    key = key_compute(spec)
    assert dg.network_diagram(spec, key=key, show=frozenset({"dz", "db"}))
    with pytest.raises(ValueError, match="dW"):
        dg.network_diagram(spec, key=key, show=frozenset({"dz", "dW"}))


def test_a_network_too_wide_to_read_is_refused():
    data = {
        "input": [1.0] * dg.MAX_DRAWN,
        "target": [1.0],
        "layers": [{"weights": [[0.5] * dg.MAX_DRAWN], "bias": [0.1], "activation": "linear"}],
        "loss": "mse",
        "learning_rate": 0.1,
    }
    assert dg.drawable(spec_parse(data))
    data["input"] = [1.0] * (dg.MAX_DRAWN + 1)
    data["layers"][0]["weights"] = [[0.5] * (dg.MAX_DRAWN + 1)]
    assert not dg.drawable(spec_parse(data))
    with pytest.raises(ValueError, match="too many"):
        dg.network_diagram(spec_parse(data))


@pytest.mark.parametrize(
    ("value", "figures", "text"),
    [
        (0.5, 6, "0.5"),
        (-0.2, 6, "−0.2"),
        (1.25, 6, "1.25"),
        (3.0, 6, "3"),
        (0.1 + 0.2, 6, "0.3"),
        (-0.0, 6, "0"),
        (0.6899744811276125, 3, "0.69"),
        (-0.10790947, 3, "−0.108"),
        (1234.5, 3, "1230"),
        (9.996, 3, "10"),
        (0.000123456, 3, "0.000123"),
    ],
)
def test_numbers_are_written_compactly(value, figures, text):
    assert dg.number_text(value, figures) == text


def test_the_title_says_the_network_in_words():
    assert dg.network_diagram(seed("house_price")).title == (
        "House price: 2 inputs, 2 sigmoid units, 1 linear output; loss: mean squared error"
    )
    assert dg.network_diagram(seed("unwell")).title == (
        "Unwell or not: 2 inputs, 2 ReLU units, 2 softmax outputs; loss: cross-entropy"
    )


def test_text_is_at_least_eleven_pixels_on_a_390_pixel_phone():
    scale = 390 / dg.WIDTH
    assert dg.FONT_SIZE * scale >= 11
    assert dg.LABEL_FONT_SIZE * scale >= 11


def test_the_template_draws_the_numbers_without_style_attributes():
    from django.template.loader import render_to_string

    spec = seed("house_price")
    diagram = dg.network_diagram(spec, key=key_compute(spec), show=frozenset({"z", "a"}))
    html = render_to_string("exercises/diagram.html", {"diagram": diagram, "diagram_id": "hp"})
    assert "style=" not in html
    assert '<svg class="net-diagram" viewBox="0 0 640 ' in html
    assert 'role="img" aria-labelledby="hp-title" aria-describedby="hp-desc"' in html
    assert '<title id="hp-title">House price: 2 inputs' in html
    for text in ("w₁₂⁽¹⁾ = −0.2", "w₂₂⁽¹⁾ = 0.8", "b = −0.1", "z = 1.8", "a = 0.858", "= 3"):
        assert f">{text}<" in html, text
    weights = dict(re.findall(r'data-weight="([^"]+)" data-value="([^"]+)"', html))
    assert weights == {edge.name: edge.value for edge in diagram.edges}
