"""The Oxford-style vote: only those who voted twice count; the larger swing wins."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from debates.voting import CHOICES, vote_result


def votes(prefix, **counts):
    out, n = {}, 0
    for choice, count in counts.items():
        for _ in range(count):
            out[f"{prefix}{n}"] = choice
            n += 1
    return out


def test_the_side_that_gained_most_wins_even_without_a_majority():
    # Before: 60 for, 20 against, 20 undecided; after: 62 for, 38 against.
    before = votes("v", **{"for": 60, "against": 20, "undecided": 20})
    after = dict(before)
    for i in range(60, 80):
        after[f"v{i}"] = "against"
    for i in range(80, 82):
        after[f"v{i}"] = "for"
    for i in range(82, 100):
        after[f"v{i}"] = "against"
    result = vote_result(before, after)
    assert result.after.counts["for"] > result.after.counts["against"]
    assert result.swing["for"] == Fraction(2, 100)
    assert result.swing["against"] == Fraction(18, 100)
    assert result.winner == "against"


def test_voters_who_voted_only_once_are_left_out():
    before = {"a": "for", "b": "against", "late-leaver": "for"}
    after = {"a": "against", "b": "against", "latecomer": "for"}
    result = vote_result(before, after)
    assert result.counted == 2
    assert result.voted_once == 2
    assert result.before.counts == {"for": 1, "against": 1, "undecided": 0}
    assert result.winner == "against"


def test_the_same_votes_with_the_single_voters_added_give_the_same_swing():
    before = {"a": "for", "b": "undecided"}
    after = {"a": "for", "b": "for"}
    extra_before, extra_after = dict(before, x="against", y="against"), dict(after, z="against")
    assert vote_result(before, after).swing == vote_result(extra_before, extra_after).swing


def test_equal_swings_are_a_tie():
    result = vote_result({"a": "undecided", "b": "undecided"}, {"a": "for", "b": "against"})
    assert result.winner is None


def test_no_one_who_voted_twice_means_no_winner():
    result = vote_result({"a": "for"}, {"b": "against"})
    assert (result.counted, result.winner) == (0, None)
    assert result.before.percent("for") == 0


def test_an_unknown_choice_is_refused():
    with pytest.raises(ValueError, match=r"unknown choices in the after round: \['maybe'\]"):
        vote_result({"a": "for"}, {"a": "maybe"})


ballots = st.dictionaries(st.integers(0, 40), st.sampled_from(CHOICES), max_size=40)


@given(before=ballots, after=ballots)
def test_swings_of_all_three_choices_sum_to_zero(before, after):
    result = vote_result(before, after)
    undecided = result.after.share("undecided") - result.before.share("undecided")
    assert result.swing["for"] + result.swing["against"] + undecided == 0
    if result.counted:
        assert sum(result.before.share(c) for c in CHOICES) == 1
        assert sum(result.after.share(c) for c in CHOICES) == 1


@given(before=ballots, after=ballots)
def test_the_winner_has_the_larger_swing(before, after):
    result = vote_result(before, after)
    if result.winner is not None:
        loser = "against" if result.winner == "for" else "for"
        assert result.swing[result.winner] > result.swing[loser]
