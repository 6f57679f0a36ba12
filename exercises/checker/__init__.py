"""The NumPy checker: a small network computed by hand, marked step by step.

No Django import anywhere in this package: data in, dataclasses out.

Terms, defined once here:

spec
    The exercise as an instructor writes it (JSON or YAML): the input samples, the targets, the
    layers (weights with one row per unit and one column per unit below, as PyTorch's `nn.Linear`;
    a bias; an activation), the loss, the learning rate, which steps to ask for, the tolerance.
    Parsed and checked by `spec.spec_parse` into a `Spec`. Layers are counted from 1 in messages
    ("layer 1") and from 0 in paths ("layers.0.z").
key
    The right value of every step, computed with NumPy by `key.key_compute`: a forward pass, the
    loss (the mean over samples), a backward pass and one gradient-descent update.
step
    One named quantity of the computation: `z`, `a`, `da` (∂L/∂a), `dz` (∂L/∂z), `dW`, `db`,
    `W_new`, `b_new` for each layer, plus `loss` and `output` (the last layer's `a`). `z`, `a`,
    `da`, `dz` and `output` are samples × units, 2-D even for one sample.
field
    One number the student types: one element of one step of one layer.
path
    The name of a field: `loss`, `output.S.J`, or `layers.L.STEP.I[.J]` (all indices from 0).
follow-through
    Credit for a field that is wrong against the key but right when computed from the student's
    own answers to the steps it depends on, as a good human marker gives it. Where a step the
    field depends on was asked and not answered (or could not be read), the key's value stands
    in; where the spec does not ask for that step at all, the value the student's own answers
    imply stands in, since the student must have computed it on paper.
diagnosis
    The name of the mistake that explains an incorrect field: the checker recomputes the step
    under each known mistake, from the same inputs follow-through uses, and names the first that
    matches the typed number. A mistake that gives the right answer is never named.
variant
    A spec drawn deterministically from a template and a seed, so each student gets their own
    numbers, rejected and redrawn while it is degenerate for hand marking.
"""

from typed_numbers import ParsedNumber, parse_number

from .diagnoses import CODES
from .fields import FieldInfo, fields_asked
from .key import Key, LayerKey, key_compute
from .marking import (
    STATUSES,
    AnswersError,
    FieldMark,
    Marking,
    answers_flatten,
    mark,
    mistakes_indistinguishable,
)
from .spec import Spec, SpecError, document_load, spec_load, spec_parse, spec_to_data
from .text import solution_text
from .variant import VariantError, variant

__all__ = [
    "CODES",
    "STATUSES",
    "AnswersError",
    "FieldInfo",
    "FieldMark",
    "Key",
    "LayerKey",
    "Marking",
    "ParsedNumber",
    "Spec",
    "SpecError",
    "VariantError",
    "answers_flatten",
    "document_load",
    "fields_asked",
    "key_compute",
    "mark",
    "mistakes_indistinguishable",
    "parse_number",
    "solution_text",
    "spec_load",
    "spec_parse",
    "spec_to_data",
    "variant",
]
