from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.marking import (
    CreditRule,
    UnreadableResponse,
    multiple_select_mark,
    numeric_mark,
    numeric_read,
    points_award,
    response_mark,
    short_text_mark,
    single_choice_mark,
    speed_factor,
)
from quizzes.spec import ChoiceSpec, NumericSpec, QuestionSpec, QuestionType, ShortSpec

SINGLE = (ChoiceSpec("7", 100, "prime"), ChoiceSpec("8", 0, "even"), ChoiceSpec("9", 50))
MULTIPLE = (ChoiceSpec("2", 50), ChoiceSpec("4", 50), ChoiceSpec("5", -100, "odd"))


class TestSingleChoice:
    def test_right_choice_earns_full_credit_and_its_feedback(self):
        mark = single_choice_mark(choices=SINGLE, chosen=[0])
        assert (mark.credit, mark.correct, mark.feedback) == (1.0, True, ("prime",))

    def test_wrong_choice_earns_nothing(self):
        mark = single_choice_mark(choices=SINGLE, chosen=[1])
        assert (mark.credit, mark.correct, mark.feedback) == (0.0, False, ("even",))

    def test_partly_right_choice_earns_its_weight_but_is_not_correct(self):
        mark = single_choice_mark(choices=SINGLE, chosen=[2])
        assert (mark.credit, mark.correct) == (0.5, False)

    def test_negative_weight_is_floored_at_zero(self):
        mark = single_choice_mark(choices=(ChoiceSpec("a", 100), ChoiceSpec("b", -50)), chosen=[1])
        assert mark.credit == 0.0

    @pytest.mark.parametrize("chosen", [[], [0, 1]])
    def test_anything_but_one_choice_is_unreadable(self, chosen):
        with pytest.raises(UnreadableResponse, match="choose one answer"):
            single_choice_mark(choices=SINGLE, chosen=chosen)

    def test_choice_outside_the_list_is_unreadable(self):
        with pytest.raises(UnreadableResponse, match="not one of the choices"):
            single_choice_mark(choices=SINGLE, chosen=[3])


class TestTrueFalse:
    QUESTION = QuestionSpec(
        type=QuestionType.TRUEFALSE,
        text="The sigmoid reaches 1.",
        choices=(ChoiceSpec("True", 0, "it only tends to 1"), ChoiceSpec("False", 100, "yes")),
    )

    def test_right_answer_is_correct(self):
        mark = response_mark(question=self.QUESTION, chosen=[1])
        assert (mark.correct, mark.feedback) == (True, ("yes",))

    def test_wrong_answer_gets_the_wrong_feedback(self):
        mark = response_mark(question=self.QUESTION, chosen=[0])
        assert (mark.correct, mark.feedback) == (False, ("it only tends to 1",))


class TestMultipleSelect:
    @pytest.mark.parametrize("rule", list(CreditRule))
    def test_exactly_the_right_choices_are_correct_under_either_rule(self, rule):
        mark = multiple_select_mark(choices=MULTIPLE, chosen=[1, 0], rule=rule)
        assert (mark.credit, mark.correct) == (1.0, True)

    def test_partial_rule_gives_the_weights_of_the_chosen(self):
        mark = multiple_select_mark(choices=MULTIPLE, chosen=[0], rule=CreditRule.PARTIAL)
        assert (mark.credit, mark.correct) == (0.5, False)

    def test_all_or_nothing_rule_gives_nothing_for_half(self):
        mark = multiple_select_mark(choices=MULTIPLE, chosen=[0], rule=CreditRule.ALL_OR_NOTHING)
        assert (mark.credit, mark.correct) == (0.0, False)

    def test_partial_credit_is_floored_at_zero(self):
        mark = multiple_select_mark(choices=MULTIPLE, chosen=[0, 2], rule=CreditRule.PARTIAL)
        assert mark.credit == 0.0
        assert mark.feedback == ("odd",)

    def test_choosing_everything_is_not_correct(self):
        mark = multiple_select_mark(
            choices=(ChoiceSpec("a", 50), ChoiceSpec("b", 50), ChoiceSpec("c", 0)),
            chosen=[0, 1, 2],
            rule=CreditRule.PARTIAL,
        )
        assert mark.correct is False

    def test_positive_weights_short_of_100_still_give_full_credit_when_right(self):
        thirds = tuple(ChoiceSpec(str(i), 33.3) for i in range(3)) + (ChoiceSpec("x", -100),)
        mark = multiple_select_mark(choices=thirds, chosen=[0, 1, 2], rule=CreditRule.PARTIAL)
        assert mark.credit == 1.0

    def test_nothing_chosen_is_unreadable(self):
        with pytest.raises(UnreadableResponse, match="at least one"):
            multiple_select_mark(choices=MULTIPLE, chosen=[], rule=CreditRule.PARTIAL)


class TestNumeric:
    def test_value_within_absolute_tolerance_is_correct(self):
        mark = numeric_mark(answers=(NumericSpec(value=3.14, tolerance=0.01),), value=3.149)
        assert mark.correct

    def test_value_outside_absolute_tolerance_is_wrong(self):
        mark = numeric_mark(answers=(NumericSpec(value=3.14, tolerance=0.01),), value=3.151)
        assert not mark.correct

    def test_tolerance_boundary_is_inside_despite_float_rounding(self):
        answer = NumericSpec(value=3.14, tolerance=0.01)
        assert numeric_mark(answers=(answer,), value=3.13).correct

    def test_relative_tolerance_scales_with_the_value(self):
        answers = (NumericSpec(value=200.0, tolerance=0.05, relative=True),)
        assert numeric_mark(answers=answers, value=209.0).correct
        assert not numeric_mark(answers=answers, value=211.0).correct

    def test_range_includes_its_ends(self):
        answers = (NumericSpec(low=1.0, high=5.0),)
        assert [numeric_mark(answers=answers, value=v).correct for v in (1, 5, 5.01)] == [
            True,
            True,
            False,
        ]

    def test_best_weighted_answer_counts(self):
        answers = (
            NumericSpec(value=15.0, feedback="right"),
            NumericSpec(value=12.0, weight=50, feedback="forgot the biases"),
        )
        mark = numeric_mark(answers=answers, value=12.0)
        assert (mark.credit, mark.correct, mark.feedback) == (0.5, False, ("forgot the biases",))

    @pytest.mark.parametrize(("typed", "value"), [("0,5", 0.5), ("−2", -2.0), ("1/4", 0.25)])
    def test_typed_numbers_read_as_the_checker_reads_them(self, typed, value):
        assert numeric_read(typed) == value

    def test_unreadable_typed_number_is_refused_with_the_reason(self):
        with pytest.raises(UnreadableResponse, match="letters"):
            numeric_read("three")

    def test_response_mark_reads_the_typed_text(self):
        question = QuestionSpec(
            type=QuestionType.NUMERIC, text="z?", numeric=(NumericSpec(value=0.5),)
        )
        assert response_mark(question=question, text="0,5").correct

    @given(
        value=st.decimals(min_value=-1000, max_value=1000, places=3),
        tolerance=st.decimals(min_value=0, max_value=10, places=3),
        sign=st.sampled_from([-1, 1]),
    )
    def test_typed_value_at_the_tolerance_edge_is_accepted_and_past_it_refused(
        self, value, tolerance, sign
    ):
        answers = (NumericSpec(value=float(value), tolerance=float(tolerance)),)
        edge = value + sign * tolerance
        past = value + sign * (tolerance + Decimal("0.001"))
        assert numeric_mark(answers=answers, value=numeric_read(str(edge))).correct
        assert not numeric_mark(answers=answers, value=numeric_read(str(past))).correct


class TestShortText:
    ANSWERS = (ShortSpec("sigmoid"), ShortSpec("logistic function", 50, "half"))

    @pytest.mark.parametrize("typed", ["sigmoid", "  Sigmoid ", "SIGMOID"])
    def test_case_and_surrounding_space_are_ignored(self, typed):
        assert short_text_mark(answers=self.ANSWERS, text=typed).correct

    def test_inner_runs_of_space_are_ignored(self):
        mark = short_text_mark(answers=self.ANSWERS, text="logistic   function")
        assert (mark.credit, mark.feedback) == (0.5, ("half",))

    def test_other_text_is_wrong(self):
        assert not short_text_mark(answers=self.ANSWERS, text="sigmoids").correct

    def test_blank_text_is_unreadable(self):
        with pytest.raises(UnreadableResponse, match="type an answer"):
            short_text_mark(answers=self.ANSWERS, text="   ")


class TestScoring:
    def test_without_speed_bonus_points_follow_credit_only(self):
        assert points_award(points=2, credit=0.5, seconds=9.0, time_limit=10.0) == 1.0

    def test_full_points_within_half_a_second(self):
        assert speed_factor(seconds=0.4, time_limit=20.0) == 1.0

    def test_half_points_at_the_deadline(self):
        assert speed_factor(seconds=20.0, time_limit=20.0) == 0.5

    def test_decay_is_linear_between(self):
        assert speed_factor(seconds=10.25, time_limit=20.0) == pytest.approx(0.75)

    def test_speed_bonus_without_time_limit_gives_full_points(self):
        assert points_award(points=1, credit=1, speed_bonus=True, seconds=30.0) == 1.0

    def test_speed_bonus_scales_the_earned_points(self):
        awarded = points_award(points=4, credit=1, speed_bonus=True, seconds=20.0, time_limit=20)
        assert awarded == 2.0

    @given(
        seconds=st.floats(min_value=0, max_value=120),
        limit=st.floats(min_value=1, max_value=120),
    )
    def test_speed_factor_stays_between_half_and_one(self, seconds, limit):
        assert 0.5 <= speed_factor(seconds=seconds, time_limit=limit) <= 1.0
