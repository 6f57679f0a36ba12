"""The class mistake map: shares that add up, columns in their order, empty rows drawn empty,
a short name for every diagnosis, everything inside the picture, and cells a test can read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exercises import mistake_map as mm
from exercises.checker import CODES
from exercises.diagram import text_width


def row(label: str, path: str, **counts: int) -> mm.StepRow:
    return mm.StepRow(label=label, path=path, counts=counts)


CLASS = [
    row("z⁽¹⁾", "layers.0.z", correct=30, missing_bias=6, weights_transposed=3, missing=2),
    row("a⁽¹⁾", "layers.0.a", correct=27, follow_through=8, sigmoid_exponent_sign=4, missing=2),
    row("loss L", "loss", correct=20, follow_through=10, loss_factor=9, missing=2),
    row("∂L/∂z⁽¹⁾", "layers.0.dz", correct=14, sigmoid_derivative=14, incorrect=2, missing=2),
    row("∂L/∂W⁽¹⁾", "layers.0.dW"),
]


@st.composite
def step_rows(draw, max_rows: int = 16, max_outcomes: int = 10) -> list[mm.StepRow]:
    outcomes = draw(
        st.lists(st.sampled_from(mm.OUTCOMES), min_size=1, max_size=max_outcomes, unique=True)
    )
    rows = []
    for number in range(draw(st.integers(1, max_rows))):
        counts = {o: draw(st.integers(0, 60)) for o in outcomes if draw(st.booleans())}
        rows.append(mm.StepRow(f"∂L/∂W⁽{number}⁾", f"layers.{number}.dW", counts))
    return rows


@given(step_rows())
def test_the_shares_in_a_row_with_students_add_up_to_100(rows):
    drawn = mm.mistake_map(rows)
    for given_row, drawn_row in zip(rows, drawn.rows, strict=True):
        total = sum(given_row.counts.values())
        assert drawn_row.students == total
        shares = [cell.share for cell in drawn_row.cells]
        if total:
            assert abs(sum(shares) - 100) <= 1
            for cell in drawn_row.cells:
                assert abs(cell.share - 100 * cell.count / total) < 1
        else:
            assert shares == [0] * len(shares)


def test_shares_round_so_that_they_add_up_exactly():
    assert mm.shares([1] * 7) == [15, 15, 14, 14, 14, 14, 14]
    assert mm.shares([1, 1, 1]) == [34, 33, 33]
    assert mm.shares([0, 0]) == [0, 0]
    assert mm.shares([2, 0, 1]) == [67, 0, 33]


def test_columns_are_correct_follow_through_diagnoses_by_count_other_wrong_then_missing():
    drawn = mm.mistake_map(CLASS)
    # sigmoid_derivative 14, loss_factor 9, missing_bias 6, sigmoid_exponent_sign 4,
    # weights_transposed 3.
    assert [column.outcome for column in drawn.columns] == [
        "correct",
        "follow_through",
        "sigmoid_derivative",
        "loss_factor",
        "missing_bias",
        "sigmoid_exponent_sign",
        "weights_transposed",
        "incorrect",
        "missing",
    ]
    assert [column.total for column in drawn.columns] == [91, 18, 14, 9, 6, 4, 3, 2, 8]


def test_diagnoses_with_the_same_count_keep_the_checkers_order():
    drawn = mm.mistake_map([row("z", "z", sign_error=2, missing_bias=2, learning_rate_missing=2)])
    order = [column.outcome for column in drawn.columns]
    assert order == sorted(order, key=CODES.index)


@given(step_rows())
def test_column_order_holds_for_any_counts(rows):
    outcomes = [column.outcome for column in mm.mistake_map(rows).columns]
    totals = {o: sum(r.counts.get(o, 0) for r in rows) for o in mm.OUTCOMES}
    assert set(outcomes) == {o for o, total in totals.items() if total}
    ends = [o for o in outcomes if o in ("correct", "follow_through")]
    assert outcomes[: len(ends)] == ends == [o for o in ("correct", "follow_through") if totals[o]]
    tail = [o for o in ("incorrect", "missing") if totals[o]]
    assert outcomes[len(outcomes) - len(tail) :] == tail
    diagnoses = [o for o in outcomes if o in CODES]
    assert [totals[o] for o in diagnoses] == sorted((totals[o] for o in diagnoses), reverse=True)


def test_an_outcome_nobody_reached_has_no_column():
    drawn = mm.mistake_map([row("z", "z", correct=3, missing_bias=0), row("a", "a", missing=1)])
    assert [column.outcome for column in drawn.columns] == ["correct", "missing"]


def test_a_row_without_students_has_empty_cells():
    drawn = mm.mistake_map(CLASS)
    empty = drawn.rows[-1]
    assert empty.students == 0
    assert len(empty.cells) == len(drawn.columns)
    for cell in empty.cells:
        assert (cell.empty, cell.count, cell.share, cell.text, cell.fill) == (
            True,
            0,
            0,
            "",
            "none",
        )
    assert "∂L/∂W⁽¹⁾: no students yet" in drawn.title


def test_a_cell_says_its_share_and_is_blank_when_nobody_is_in_it():
    drawn = mm.mistake_map(CLASS)
    z = {cell.outcome: cell for cell in drawn.rows[0].cells}
    assert (z["correct"].count, z["correct"].share, z["correct"].text) == (30, 73, "73%")
    assert (z["missing_bias"].share, z["missing_bias"].text) == (15, "15%")
    assert (z["follow_through"].count, z["follow_through"].text) == (0, "")
    assert not z["follow_through"].empty


def test_every_diagnosis_code_has_a_short_name():
    assert set(mm.SHORT_NAMES) == set(CODES)
    for code in CODES:
        assert mm.short_name(code) == mm.SHORT_NAMES[code]
        assert 0 < len(mm.SHORT_NAMES[code]) <= 16
    assert len(set(mm.SHORT_NAMES.values())) == len(CODES)


def test_an_unknown_outcome_or_a_negative_count_is_refused():
    assert mm.mistake_map([row("z", "z", missing_bias=1)])
    with pytest.raises(ValueError, match="'bias_missing'"):
        mm.mistake_map([row("z", "z", bias_missing=1)])
    with pytest.raises(ValueError, match="a count"):
        mm.mistake_map([row("z", "z", missing_bias=-1)])


@settings(max_examples=60, deadline=None)
@given(step_rows())
def test_every_cell_header_and_label_lies_inside_the_viewbox(rows):
    drawn = mm.mistake_map(rows)
    assert drawn.width == mm.WIDTH
    for column in drawn.columns:
        assert column.x >= 0 and column.x + column.width <= drawn.width
        for line in column.lines:
            bold = drawn.header_font_weight == 700
            half = text_width(line.text, drawn.header_font_size, bold=bold) / 2
            assert column.centre - half >= 0 and column.centre + half <= drawn.width
            assert (
                line.y - mm.HEADER_LINE / 2 >= 0 and line.y + mm.HEADER_LINE / 2 <= drawn.grid_top
            )
    for drawn_row in drawn.rows:
        label = text_width(drawn_row.label, drawn.label_font_size, bold=True)
        assert drawn_row.label_x - label >= 0
        for cell in drawn_row.cells:
            assert cell.x >= 0 and cell.x + cell.width <= drawn.width
            assert drawn.grid_top <= cell.y and cell.y + cell.height <= drawn.height
            ink = text_width(cell.text, drawn.cell_font_size, bold=True)
            assert ink <= cell.width


@pytest.mark.parametrize("first", range(0, len(CODES), 6))
def test_ten_columns_and_sixteen_rows_fit_a_projector_with_every_header_whole(first):
    # Ten columns: the four outcomes and six diagnoses; over the cases, every diagnosis.
    codes = (CODES * 2)[first : first + 6]
    outcomes = ["correct", "follow_through", *codes, "incorrect", "missing"]
    rows = [
        mm.StepRow(f"∂L/∂W⁽{n % 3 + 1}⁾", f"s{n}", dict.fromkeys(outcomes, 1 + n))
        for n in range(16)
    ]
    drawn = mm.mistake_map(rows)
    assert len(drawn.columns) == 10
    assert drawn.header_font_weight == 700
    headers = [" ".join(line.text for line in column.lines) for column in drawn.columns]
    assert all("…" not in header for header in headers), headers
    assert all(cell.text.endswith("%") for r in drawn.rows for cell in r.cells)
    assert min(drawn.header_font_size, drawn.label_font_size, drawn.cell_font_size) >= 28
    assert drawn.height <= 1000  # 1600 wide: it fits a 16:9 screen with room for a heading


def test_more_columns_than_fit_cut_their_headers_and_keep_inside():
    outcomes = ["correct", "follow_through", *CODES, "incorrect", "missing"]
    drawn = mm.mistake_map([mm.StepRow("z⁽¹⁾", "layers.0.z", dict.fromkeys(outcomes, 1))])
    assert len(drawn.columns) == 24
    last = drawn.columns[-1]
    assert last.x + last.width <= drawn.width - mm.MARGIN
    assert any("…" in line.text for column in drawn.columns for line in column.lines)


def test_the_fill_darkens_with_the_share_and_its_text_stays_readable():
    fills = [mm.fill_of(count, 100)[0] for count in range(0, 101, 5)]
    indices = [mm.SCALE.index(fill) for fill in fills]
    assert indices == sorted(indices) and indices[0] == 0 and indices[-1] == len(mm.SCALE) - 1
    for colour in mm.SCALE:
        ink = mm.LIGHT_INK if mm.SCALE.index(colour) >= mm.FIRST_DARK else mm.DARK_INK
        assert contrast(colour, ink) >= 4.5, colour


def contrast(one: str, other: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_title_says_every_rows_shares_in_words():
    title = mm.mistake_map(CLASS).title
    assert "z⁽¹⁾ (41 students): 73% correct, 15% no bias, 7% W vs Wᵀ, 5% missing" in title
    assert "∂L/∂z⁽¹⁾ (32 students): 44% correct, 44% wrong σ′, 6% other wrong, 6% missing" in title


def test_the_template_cells_carry_their_figures_without_style_attributes():
    from django.template.loader import render_to_string

    drawn = mm.mistake_map(CLASS)
    html = render_to_string("exercises/mistake_map.html", {"mistake_map": drawn, "map_id": "m"})
    assert "style=" not in html
    assert '<svg class="mistake-map" viewBox="0 0 1600 ' in html
    assert 'role="img" aria-labelledby="m-title"' in html
    cells = re.findall(
        r'<g class="cell[^"]*" data-step="([^"]+)" data-outcome="([^"]+)" '
        r'data-count="(\d+)" data-share="(\d+)">',
        html,
    )
    expected = [
        (cell.step, cell.outcome, str(cell.count), str(cell.share))
        for r in drawn.rows
        for cell in r.cells
    ]
    assert cells == expected
    assert ("layers.0.dz", "sigmoid_derivative", "14", "44") in cells
    for text in (">73%<", ">44%<", ">no bias<", ">∂L/∂z⁽¹⁾<"):
        assert text in html, text
    assert html.count('class="cell is-empty"') == len(drawn.columns)
