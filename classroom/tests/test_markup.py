"""Markdown and LaTeX maths become sanitised HTML and MathML on the server."""

from hypothesis import given
from hypothesis import strategies as st

from classroom.markup import render_markdown


def test_inline_and_display_maths_become_mathml():
    html = render_markdown("Inline $\\sigma(z)$ and display $$z = Wa + b$$")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert 'display="block"' in html
    assert "<mi>σ</mi>" in html


def test_an_escaped_dollar_stays_a_dollar():
    assert "costs $5 and $6" in render_markdown("costs \\$5 and \\$6")


def test_markdown_is_rendered():
    assert "<strong>bold</strong>" in render_markdown("**bold**")


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src="x" onerror="alert(1)"> ok')
    assert "<script" not in html
    assert "onerror" not in html
    assert "ok" in html


def test_bad_latex_is_shown_as_typed_rather_than_failing():
    html = render_markdown("$\\frac{1}{$")
    assert "<script" not in html


@given(st.text(max_size=200))
def test_any_text_renders_without_script(text):
    html = render_markdown(text)
    assert "<script" not in html.lower()


def test_a_long_inline_formula_scrolls_in_its_box_and_a_short_one_stays_in_its_sentence():
    from classroom.markup import render_markdown

    long = str(render_markdown(r"So $W_2(W_1x+b_1)+b_2 = (W_2W_1)x + (W_2b_1+b_2)$ is linear."))
    short = str(render_markdown(r"$w$ grows"))
    assert '<span class="math-scroll math-inline"><math' in long
    assert short.startswith("<p><math")
