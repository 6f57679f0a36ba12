"""A question's text in each of its formats becomes safe HTML."""

from __future__ import annotations

from quizzes.markup import inline_render, text_render


def test_markdown_is_rendered_with_its_maths():
    html = str(text_render("**Bold** and $x^2$", "markdown"))
    assert "<strong>Bold</strong>" in html and "<math" in html


def test_plain_text_is_escaped_and_keeps_its_lines():
    html = str(text_render("a < b\n**not bold**", "plain"))
    assert "a &lt; b<br>**not bold**" in html


def test_html_keeps_allowed_tags_and_drops_scripts():
    html = str(text_render('<em>ok</em><script>alert(1)</script><img src=x onerror="y">', "html"))
    assert "<em>ok</em>" in html
    assert "<script" not in html and "onerror" not in html


def test_a_one_paragraph_choice_loses_its_paragraph():
    assert str(inline_render("$w$ grows", "markdown")).startswith("<math")
    assert str(inline_render("one\n\ntwo", "markdown")).startswith("<p>one</p>")
