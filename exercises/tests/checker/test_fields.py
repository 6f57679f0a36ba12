"""The fields a form asks for: paths, labels and the order a student works in."""

import json

from exercises.checker import fields_asked, spec_parse

with open("exercises/specs/house_price.json") as handle:
    HOUSE = json.load(handle)


def test_fields_come_in_working_order_forward_loss_backward_update():
    steps = [(f.step, f.layer) for f in fields_asked(spec_parse(HOUSE))]
    order = list(dict.fromkeys(steps))
    assert order == [
        ("z", 0),
        ("a", 0),
        ("z", 1),
        ("a", 1),
        ("loss", None),
        ("da", 1),
        ("dz", 1),
        ("dW", 1),
        ("db", 1),
        ("da", 0),
        ("dz", 0),
        ("dW", 0),
        ("db", 0),
        ("W_new", 0),
        ("b_new", 0),
        ("W_new", 1),
        ("b_new", 1),
    ]


def test_each_field_names_its_path_layer_index_and_a_human_label():
    fields = {f.path: f for f in fields_asked(spec_parse(HOUSE))}
    first = fields["layers.0.z.0.0"]
    assert (first.step, first.layer, first.index, first.label) == ("z", 0, (0, 0), "z₁ of layer 1")
    assert fields["layers.0.dW.1.0"].label == "∂L/∂W₂₁ of layer 1"
    assert fields["layers.1.b_new.0"].label == "new b₁ of layer 2"
    assert fields["loss"].label == "loss L"
    assert len(fields) == 31


def test_several_samples_are_named_in_the_label():
    data = {**HOUSE, "input": [[1.0, 2.0], [0.5, 1.5]], "target": [[3.0], [2.0]], "ask": ["a"]}
    labels = [f.label for f in fields_asked(spec_parse(data))]
    assert labels[:2] == ["a₁ of layer 1, sample 1", "a₂ of layer 1, sample 1"]
    assert labels[-1] == "a₁ of layer 2, sample 2"


def test_only_the_steps_asked_are_fields():
    spec = spec_parse({**HOUSE, "ask": ["output", "layers.0.dW"]})
    assert [f.path for f in fields_asked(spec)] == [
        "output.0.0",
        "layers.0.dW.0.0",
        "layers.0.dW.0.1",
        "layers.0.dW.1.0",
        "layers.0.dW.1.1",
    ]
