"""The one bar chart's geometry: bars proportional to their counts, nothing said by colour alone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from classroom.kinds import charts

counts = st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8)


def bars_of(values: list[int], right: int = 0) -> list[charts.BarIn]:
    return [
        charts.BarIn(label=charts.PALETTE[i], count=n, right=i == right, colour_index=i)
        for i, n in enumerate(values)
    ]


@given(counts)
def test_bar_lengths_follow_the_counts(values):
    chart = charts.bar_chart(bars_of(values))
    room = charts.WIDTH - charts.LETTER_WIDTH - charts.COUNT_SPACE
    for bar, count in zip(chart.bars, values, strict=True):
        if max(values):
            assert abs(bar.bar_width - max(room * count / max(values), 6)) <= 1
        assert bar.count == count
    longest = max(chart.bars, key=lambda bar: bar.count)
    assert longest.bar_width == (room if max(values) else 6)


@given(counts)
def test_every_bar_stays_inside_the_chart(values):
    chart = charts.bar_chart(bars_of(values), wide_labels=True)
    for bar in chart.bars:
        assert bar.bar_x + bar.bar_width <= charts.WIDTH - charts.COUNT_SPACE
        assert 0 <= bar.y < bar.y + charts.BAR <= chart.height


def test_the_right_bar_is_marked_besides_its_colour():
    chart = charts.bar_chart(bars_of([3, 1, 1, 0], right=0))
    assert [bar.right for bar in chart.bars] == [True, False, False, False]
    assert len({bar.colour for bar in chart.bars}) == 4


def test_a_chart_without_answers_has_bars_of_zero():
    chart = charts.bar_chart(bars_of([0, 0, 0]))
    assert chart.total == 0
    assert [bar.share for bar in chart.bars] == [0, 0, 0]


def test_long_typed_answers_are_shortened():
    chart = charts.bar_chart(
        [charts.BarIn(label="a very long typed answer indeed", count=1, right=False,
                      colour_index=0)],
        wide_labels=True,
    )  # fmt: skip
    assert chart.bars[0].label == "a very long typ…"


def test_text_on_a_dark_colour_is_white_and_on_a_light_one_dark():
    assert charts.ink_on("#0072B2") == "#ffffff"
    assert charts.ink_on("#F0E442") == "#111111"
