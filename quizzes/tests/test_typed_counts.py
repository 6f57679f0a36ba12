"""Typed answers are counted as marking reads them: a number by its value, a short answer by its
normalised text; the revealed chart shows one bar per answer so counted (issue 12, point 5)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom import services as core
from quizzes import selectors, services
from quizzes.screens import quiz_context

NUMERIC, SHORT = 4, 5  # Q4 "What is 6 × 7?" {#42:0.5}; Q5 "Name the S-shaped function."


@pytest.fixture
def crowd(session):
    return [
        core.participant_join_guest(session=session, display_name=f"Student {n}") for n in range(8)
    ]


def at_question(run, position):
    run = services.question_open(run=run)
    while run.current_question.position < position:
        services.question_close(run=run)
        services.results_reveal(run=run)
        run = services.question_next(run=run)
    return run


def answered(run, crowd, texts):
    for participant, text in zip(crowd, texts, strict=False):
        services.answer_submit(
            run=run, question_id=run.current_question_id, participant=participant, text=text
        )
    return selectors.typed_answer_counts(run=run, question=run.current_question)


class TestNumericAnswers:
    def test_equal_numbers_typed_differently_are_one_answer(self, run, crowd):
        run = at_question(run, NUMERIC)
        counts = answered(run, crowd, ["42", "42,0", " 42.0 ", "84/2", "41"])
        assert [(c.text, c.count, c.correct) for c in counts] == [
            ("42", 4, True),
            ("41", 1, False),
        ]

    def test_different_numbers_stay_apart_even_when_both_are_right(self, run, crowd):
        # 42.4 is within the tolerance of 0.5, so right, but it is not the same answer as 42.
        run = at_question(run, NUMERIC)
        counts = answered(run, crowd, ["42", "42,0", "42.4"])
        assert [(c.text, c.count, c.correct) for c in counts] == [
            ("42", 2, True),
            ("42.4", 1, True),
        ]

    def test_a_group_is_shown_as_its_commonest_spelling(self, run, crowd):
        run = at_question(run, NUMERIC)
        counts = answered(run, crowd, ["42,0", "42", "42", "42.0"])
        assert [(c.text, c.count) for c in counts] == [("42", 4)]

    def test_the_revealed_chart_has_one_bar_per_value(self, run, crowd, session, quiz):
        run = at_question(run, NUMERIC)
        answered(run, crowd, ["3", "3,0", "42", "42.0", "42,00"])
        services.question_close(run=run)
        services.results_reveal(run=run)
        ctx = quiz_context(
            session=session, activity=quiz.activity, screen="projector", participant=None,
            request=None,
        )  # fmt: skip
        bars = [(bar.label, bar.count, bar.right) for bar in ctx["chart"].bars]
        assert bars == [("42", 3, True), ("3", 2, False)]


class TestShortAnswers:
    def test_answers_alike_up_to_case_width_and_spacing_are_one(self, run, crowd):
        run = at_question(run, SHORT)
        counts = answered(run, crowd, ["Sigmoid", " sigmoid", "ＳＩＧＭＯＩＤ", "logistic", "tanh"])
        assert [(c.count, c.correct) for c in counts] == [(3, True), (1, True), (1, False)]
        assert counts[0].text == "Sigmoid"

    def test_a_number_typed_as_a_short_answer_is_compared_as_text(self, run, crowd):
        run = at_question(run, SHORT)
        counts = answered(run, crowd, ["3", "3,0"])
        assert [c.count for c in counts] == [1, 1]


class TestTypedAnswerKey:
    @pytest.mark.parametrize(
        ("a", "b"), [("3", "3,0"), ("0.5", "1/2"), ("-2", "−2"), ("6.2e-1", "0,62")]
    )
    def test_equal_values_share_a_key(self, a, b):
        assert selectors.typed_answer_key(a, numeric=True) == selectors.typed_answer_key(
            b, numeric=True
        )

    def test_different_values_have_different_keys(self):
        assert selectors.typed_answer_key("3", numeric=True) != selectors.typed_answer_key(
            "3.01", numeric=True
        )

    @given(st.text(max_size=40))
    def test_any_text_has_a_key(self, text):
        assert selectors.typed_answer_key(text, numeric=True)
        assert selectors.typed_answer_key(text, numeric=False).startswith("text:")
