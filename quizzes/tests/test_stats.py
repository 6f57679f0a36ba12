from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizzes.stats import Band, discrimination, distribution, facility


def test_facility_is_the_share_correct():
    assert facility([True, False, True, True]) == 0.75


def test_facility_of_nobody_is_none():
    assert facility([]) is None


def test_discrimination_is_upper_half_minus_lower_half():
    results = [(1.0, False), (2.0, False), (3.0, True), (4.0, True)]
    assert discrimination(results) == 1.0


def test_question_the_weaker_half_gets_right_discriminates_negatively():
    results = [(1.0, True), (2.0, True), (3.0, False), (4.0, True)]
    assert discrimination(results) == pytest.approx(-0.5)


def test_middle_respondent_of_odd_class_is_left_out():
    results = [(1.0, False), (2.0, True), (3.0, True)]
    assert discrimination(results) == 1.0


def test_discrimination_needs_two_respondents():
    assert discrimination([(1.0, True)]) is None


@given(st.lists(st.tuples(st.floats(0, 100), st.booleans()), min_size=2))
def test_discrimination_lies_between_minus_one_and_one(results):
    assert -1.0 <= discrimination(results) <= 1.0


def test_distribution_counts_totals_per_point_including_empty_bands():
    assert distribution([0, 1.5, 1, 3], max_total=3) == [
        Band(0, 1),
        Band(1, 2),
        Band(2, 0),
        Band(3, 1),
    ]


@given(st.lists(st.floats(0, 20)), st.integers(0, 20))
def test_distribution_drops_no_total(totals, max_total):
    assert sum(band.count for band in distribution(totals, max_total=max_total)) == len(totals)
