"""The demo lesson's exercises: the numbers of each exercise are the numbers of its slide, and
the results its slide prints ("Check: …") are the checker's key, rounded as printed."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from classroom.demo import content
from classroom.models import Activity
from exercises.checker import key_compute, spec_parse
from exercises.models import Exercise


def key_of(data: dict):
    return key_compute(spec_parse(data))


def close(printed: float, value: float) -> bool:
    """``printed`` is ``value`` rounded as a slide prints it, to its own decimals (within half a
    unit of its last digit, and a little more for a slide that rounded a step before)."""
    text = repr(printed)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(value - printed) <= 0.6 * 10 ** (-decimals)


def test_the_house_price_exercise_computes_what_its_slide_prints():
    ex = content.HOUSE_PRICE_EXAMPLE
    key = key_of(content.house_price_spec(ask=["z", "a", "loss"], title="t"))
    hidden = key.layers[0]
    assert all(close(p, v) for p, v in zip(ex["z1"], hidden.z[0], strict=True))
    assert all(close(p, v) for p, v in zip(ex["a1"], hidden.a[0], strict=True))
    assert close(ex["y_hat"], key.output[0][0])
    assert close(ex["loss"], key.loss)


def test_the_unwell_exercise_computes_what_its_slide_prints():
    ex = content.UNWELL_EXAMPLE
    key = key_of(content.unwell_spec())
    assert all(close(p, v) for p, v in zip(ex["z1"], key.layers[0].z[0], strict=True))
    assert all(close(p, v) for p, v in zip(ex["z2"], key.layers[1].z[0], strict=True))
    assert all(close(p, v) for p, v in zip(ex["probabilities"], key.output[0], strict=True))
    assert close(ex["loss"], key.loss)


def test_the_gradient_step_exercise_computes_what_its_slide_prints():
    ex = content.GRADIENT_STEP_EXAMPLE
    key = key_of(content.house_price_spec(ask=["dz", "dW"], title="t"))
    out, hidden = key.layers[1], key.layers[0]
    assert close(ex["dz2"], out.dz[0][0])
    assert all(close(p, v) for p, v in zip(ex["dW2"], out.dW[0], strict=True))
    assert all(close(p, v) for p, v in zip(ex["da1"], hidden.da[0], strict=True))
    assert all(close(p, v) for p, v in zip(ex["dz1"], hidden.dz[0], strict=True))
    for printed_row, row in zip(ex["dW1"], hidden.dW, strict=True):
        assert all(close(p, v) for p, v in zip(printed_row, row, strict=True))
    assert all(close(p, v) for p, v in zip(ex["new_W2"], out.W_new[0], strict=True))


def test_a_slide_number_changed_alone_would_fail():
    # The same check on a slide whose number is off by one in its last printed digit.
    assert not close(0.636, 0.6341)
    assert close(0.634, 0.6341)


@pytest.mark.django_db
def test_load_demo_gives_every_by_hand_item_its_exercise():
    call_command("load_demo", verbosity=0)
    items = Activity.objects.filter(kind="exercise").order_by("position")
    assert items.count() == 4
    saved = {e.activity.title: e for e in Exercise.objects.select_related("activity")}
    assert set(saved) == {a.title for a in items}
    after_class = saved["[After class] The house-price network with your own numbers"]
    assert after_class.per_student and after_class.is_template
