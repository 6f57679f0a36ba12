"""The typed-number parser: what a student may type, and the reason for what is refused."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typed_numbers import MAX_LENGTH, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.62", 0.62),
        (".62", 0.62),
        ("0,62", 0.62),
        ("6.2e-1", 0.62),
        ("6.2E-1", 0.62),
        ("\u22120.5", -0.5),
        ("-0.5", -0.5),
        ("+2", 2.0),
        ("1/4", 0.25),
        ("\u22121/4", -0.25),
        ("  0.62  ", 0.62),
        ("\t3\n", 3.0),
        ("1e-999", 0.0),
    ],
)
def test_accepted_forms_give_their_value(text, value):
    parsed = parse_number(text)
    assert parsed.ok
    assert parsed.error is None
    assert parsed.value == pytest.approx(value)
    assert parsed.text == text


@pytest.mark.parametrize(
    ("text", "reason_part"),
    [
        ("", "Nothing was typed"),
        ("   ", "Nothing was typed"),
        ("abc", "letters"),
        ("0.6x", "letters"),
        ("nan", "not a number you can write down"),
        ("NaN", "not a number you can write down"),
        ("inf", "not a number you can write down"),
        ("-Infinity", "not a number you can write down"),
        ("1e999", "too large"),
        ("1" * (MAX_LENGTH + 1), "longer than 32 characters"),
        ("1.2.3", "2 decimal separators"),
        ("1,2.3", "2 decimal separators"),
        ("1/0", "divides by zero"),
        ("1.5/2", "fraction of two whole numbers"),
        ("3 4", "is not a number"),
        ("0.6$", "“$”"),
    ],
)
def test_refused_forms_carry_a_reason(text, reason_part):
    parsed = parse_number(text)
    assert not parsed.ok
    assert parsed.value is None
    assert reason_part in parsed.error


def test_exactly_32_characters_is_still_read():
    text = "0." + "1" * (MAX_LENGTH - 2)
    assert parse_number(text).ok
    assert not parse_number(text + "1").ok


@pytest.mark.parametrize(
    ("text", "decimals", "significant", "places"),
    [
        ("0.62", 2, 2, 2),
        ("0,620", 3, 3, 3),
        ("0.0050", 4, 2, 4),
        ("12.5", 1, 3, 1),
        ("3", 0, 1, 0),
        ("6.2e-1", 1, 2, 2),
        ("1.2e2", 1, 2, -1),
    ],
)
def test_precision_typed_is_recorded(text, decimals, significant, places):
    parsed = parse_number(text)
    assert (parsed.decimals, parsed.significant, parsed.places) == (decimals, significant, places)


def test_fraction_has_no_decimals_or_significant_figures():
    parsed = parse_number("3/8")
    assert (parsed.decimals, parsed.significant, parsed.places) == (None, None, None)


@given(st.text(max_size=60))
def test_arbitrary_text_never_raises_and_never_gives_a_non_finite_value(text):
    parsed = parse_number(text)
    if parsed.ok:
        assert math.isfinite(parsed.value)
        assert parsed.error is None
    else:
        assert parsed.value is None
        assert parsed.error


number_like = st.text(alphabet="0123456789.,eE+-/\u2212 ", max_size=40)


@given(number_like)
def test_number_like_text_never_raises_and_never_gives_a_non_finite_value(text):
    parsed = parse_number(text)
    assert parsed.ok == (parsed.value is not None)
    if parsed.ok:
        assert math.isfinite(parsed.value)
        parsed.places  # noqa: B018 - reading it must not raise either


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_written_by_python_reads_back_exactly(value):
    assert parse_number(repr(value)).value == value


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_a_decimal_comma_reads_as_the_point(value):
    text = f"{value:.4f}"
    assert parse_number(text.replace(".", ",")).value == parse_number(text).value
