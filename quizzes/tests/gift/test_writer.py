from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizzes.gift import gift_parse, gift_write
from quizzes.spec import (
    FALSE_TEXT,
    TRUE_TEXT,
    ChoiceSpec,
    NumericSpec,
    QuestionSpec,
    QuestionType,
    ShortSpec,
    TextFormat,
)

# Text with every GIFT special character, backslashes, new lines and blank lines, LaTeX-like
# sequences and lines that start with //, which the writer must all protect.
_ALPHABET = st.sampled_from(list("ab xyz19%.-\\~=#{}:[]/$\n\t") + ["\\n", "//", "\\nabla", "é"])
_texts = st.lists(_ALPHABET, min_size=1, max_size=30).map("".join).map(str.strip).filter(bool)
# A short answer cannot contain "->", which GIFT reads as matching.
_short_texts = _texts.filter(lambda t: "->" not in t)
_feedback = st.one_of(st.just(""), _texts)
_weights = st.one_of(
    st.sampled_from([100.0, 50.0, 0.0, -100.0, 33.33333]),
    st.floats(min_value=-100, max_value=100, allow_nan=False).map(lambda w: round(w, 5)),
)
_numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
_category = st.sampled_from(["", "NN", "NN/perceptron", "Week 2/Quiz"])


@st.composite
def _numeric(draw):
    if draw(st.booleans()):
        low, high = sorted([draw(_numbers), draw(_numbers)])
        return NumericSpec(low=low, high=high, weight=draw(_weights), feedback=draw(_feedback))
    return NumericSpec(
        value=draw(_numbers),
        tolerance=abs(draw(_numbers)),
        weight=draw(_weights),
        feedback=draw(_feedback),
    )


@st.composite
def questions(draw):
    kind = draw(st.sampled_from(list(QuestionType)))
    common = {
        "type": kind,
        "text": draw(_texts),
        "title": draw(st.one_of(st.just(""), _texts)),
        "category": draw(_category),
        "text_format": draw(st.sampled_from(list(TextFormat))),
        "explanation": draw(_feedback),
    }
    if kind == QuestionType.TRUEFALSE:
        truth = draw(st.booleans())
        choices = (
            ChoiceSpec(TRUE_TEXT, 100.0 if truth else 0.0, draw(_feedback)),
            ChoiceSpec(FALSE_TEXT, 0.0 if truth else 100.0, draw(_feedback)),
        )
        return QuestionSpec(choices=choices, **common)
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        choices = draw(
            st.lists(st.builds(ChoiceSpec, _texts, _weights, _feedback), min_size=2, max_size=5)
        )
        if kind == QuestionType.MULTIPLE and not any(c.weight > 0 for c in choices):
            choices[0] = ChoiceSpec(choices[0].text, 100.0, choices[0].feedback)
        return QuestionSpec(choices=tuple(choices), **common)
    if kind == QuestionType.NUMERIC:
        answers = draw(st.lists(_numeric(), min_size=1, max_size=3))
        if not any(a.weight > 0 for a in answers):
            answers[0] = NumericSpec(value=1.0)
        return QuestionSpec(numeric=tuple(answers), **common)
    answers = draw(
        st.lists(st.builds(ShortSpec, _short_texts, _weights, _feedback), min_size=1, max_size=3)
    )
    if not any(a.weight > 0 for a in answers):
        answers[0] = ShortSpec(answers[0].text, 100.0, answers[0].feedback)
    return QuestionSpec(short=tuple(answers), **common)


@given(st.lists(questions(), min_size=1, max_size=4))
def test_export_then_import_gives_the_same_questions(specs):
    result = gift_parse(gift_write(specs))
    assert result.errors == ()
    assert list(result.questions) == specs


@given(st.text(max_size=200))
def test_parser_never_raises_on_arbitrary_text(text):
    result = gift_parse(text)
    assert bool(result.questions) != bool(result.errors)


def test_relative_tolerance_is_written_as_the_absolute_tolerance_it_amounts_to():
    spec = QuestionSpec(
        type=QuestionType.NUMERIC,
        text="g?",
        numeric=(NumericSpec(value=200.0, tolerance=0.05, relative=True),),
    )
    (back,) = gift_parse(gift_write([spec])).questions
    assert back.numeric == (NumericSpec(value=200.0, tolerance=10.0),)


def test_demo_file_round_trips():
    from quizzes.demo import DEMO_GIFT

    original = gift_parse(DEMO_GIFT.read_text(encoding="utf-8"))
    assert original.errors == ()
    assert gift_parse(gift_write(original.questions)).questions == original.questions
