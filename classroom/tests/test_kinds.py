"""The kind interface's own values: countdowns, strict form values, the stacked chart, the
registry's context."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from classroom.kinds import (
    ActivityKind,
    BadInput,
    Countdown,
    RowIn,
    SegmentIn,
    charts,
    clean_text,
    countdown_text,
    parse_id,
    stacked_chart,
)
from classroom.kinds.inputs import has_control_characters

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


class TestCountdown:
    @pytest.mark.parametrize(
        ("ms", "text"), [(120_000, "2:00"), (59_001, "1:00"), (500, "0:01"), (-1_500, "+0:01")]
    )
    def test_text_reads_like_the_browser_countdown(self, ms, text):
        assert countdown_text(ms) == text

    def test_a_running_countdown_carries_its_deadline_for_live_js(self):
        countdown = Countdown.until(NOW + timedelta(seconds=90), now=NOW)
        assert countdown.is_running
        assert countdown.attrs == f'data-deadline="{round((NOW.timestamp() + 90) * 1000)}"'
        assert countdown.text == "1:30"

    def test_a_frozen_countdown_carries_what_is_left(self):
        countdown = Countdown.frozen(45_000, now=NOW)
        assert not countdown.is_running
        assert countdown.attrs == 'data-frozen-ms="45000"'
        assert countdown.text == "0:45"

    def test_a_countdown_past_its_deadline_shows_overtime(self):
        assert Countdown.until(NOW, now=NOW + timedelta(seconds=3)).text == "+0:03"

    def test_epoch_seconds_and_datetimes_give_the_same_deadline(self):
        assert Countdown.until(NOW, now=NOW) == Countdown.until(NOW.timestamp(), now=NOW)


class TestParseId:
    @pytest.mark.parametrize(("raw", "value"), [("7", 7), (" 42 ", 42), ("007", 7)])
    def test_ascii_digits_are_an_id(self, raw, value):
        assert parse_id(raw, what="a question") == value

    @pytest.mark.parametrize("raw", ["²", "٣", "1.5", "-1", "1e3", "x", "1" * 19, "1\x00"])
    def test_anything_else_is_refused_by_name(self, raw):
        with pytest.raises(BadInput, match="is not a question"):
            parse_id(raw, what="a question")

    @pytest.mark.parametrize("raw", ["", "  ", None])
    def test_nothing_asks_to_choose(self, raw):
        with pytest.raises(BadInput, match="^choose a question$"):
            parse_id(raw, what="a question")

    @given(st.text(max_size=30))
    def test_no_text_raises_anything_but_bad_input(self, raw):
        with contextlib.suppress(BadInput):
            assert parse_id(raw, what="an id") >= 0


class TestCleanText:
    def test_plain_text_is_trimmed(self):
        assert clean_text("  why not?\n", what="a reply", max_length=20) == "why not?"

    @pytest.mark.parametrize("raw", ["a\x00b", "x\x07", "\u202egnp.exe", "\u2066name\u2069"])
    def test_control_characters_are_refused_with_a_message(self, raw):
        with pytest.raises(BadInput, match="a reply has a character that cannot be shown"):
            clean_text(raw, what="a reply", max_length=20)

    def test_tabs_and_line_breaks_are_typed_text(self):
        assert clean_text("a\tb\nc", what="a reply", max_length=20) == "a\tb\nc"

    def test_empty_is_refused_when_required_only(self):
        with pytest.raises(BadInput, match="type a reply first"):
            clean_text("  ", what="a reply", max_length=20)
        assert clean_text("  ", what="a reply", max_length=20, required=False) == ""

    def test_too_long_names_the_limit(self):
        with pytest.raises(BadInput, match="at most 5 characters"):
            clean_text("123456", what="a reply", max_length=5)

    @given(st.text(max_size=40))
    def test_what_is_accepted_has_no_control_character(self, raw):
        try:
            cleaned = clean_text(raw, what="a reply", max_length=40, required=False)
        except BadInput:
            return
        assert not has_control_characters(cleaned)


def _votes(before: tuple[int, int, int], after: tuple[int, int, int]) -> list[RowIn]:
    def row(label, counts):
        words = (("For", "F", charts.BLUE), ("Undecided", "U", charts.GREY),
                 ("Against", "A", charts.VERMILLION))  # fmt: skip
        return RowIn(
            label=label,
            segments=tuple(
                SegmentIn(word=w, letter=letter, count=n, colour_index=c)
                for (w, letter, c), n in zip(words, counts, strict=True)
            ),
        )

    return [row("Before", before), row("After", after)]


class TestStackedChart:
    @given(
        st.tuples(*[st.integers(0, 300)] * 3).filter(any),
        st.tuples(*[st.integers(0, 300)] * 3).filter(any),
    )
    def test_segments_fill_each_row_in_order(self, before, after):
        chart = stacked_chart(_votes(before, after))
        for row in chart.rows:
            assert row.bar_width == pytest.approx(charts.STACK_WIDTH, abs=0.5)
            for left, right in zip(row.segments, row.segments[1:], strict=False):
                assert right.x == pytest.approx(left.x + left.width, abs=0.2)
            assert row.y + chart.bar_height <= chart.height

    def test_a_segment_says_its_word_its_letter_or_nothing_by_its_width(self):
        chart = stacked_chart(_votes((7, 2, 1), (1, 1, 1)))
        before = chart.rows[0]
        assert [s.text for s in before.segments] == ["For 70%", "U 20%", "A"]
        assert chart.rows[1].segments[0].text == "For 33%"

    def test_the_title_says_every_share_in_words(self):
        chart = stacked_chart(_votes((1, 0, 1), (2, 0, 0)), title="Debate 1")
        assert chart.title == (
            "Debate 1: Before: For 50% Undecided 0% Against 50%; "
            "After: For 100% Undecided 0% Against 0%"
        )


def test_a_kinds_context_adds_to_what_every_screen_gets():
    def context(*, session, activity, screen, participant, request):
        return {"extra": screen, "screen": "overridden"}

    kind = ActivityKind(key="k", label="K", template="k.html", context=context)
    ctx = kind.build_context(session="s", activity="a", screen="phone")
    assert ctx["extra"] == "phone" and ctx["screen"] == "overridden"
    assert ctx["session"] == "s" and ctx["kind"] is kind and ctx["participant"] is None
    assert kind.partial("projector") == "k.html#projector"
