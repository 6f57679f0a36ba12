"""Template filters of the quiz: a question's texts in their own format."""

import re

from django import template

from classroom.kinds.charts import PALETTE

from ..markup import inline_render, text_render

register = template.Library()


@register.filter
def question_text(question) -> str:
    return text_render(question.text, question.text_format)


@register.filter
def question_explanation(question) -> str:
    return text_render(question.explanation, question.text_format)


@register.filter
def choice_text(choice) -> str:
    return inline_render(choice.text, choice.question.text_format)


@register.filter
def of(mapping, key) -> list:
    """``choices|of:question.pk``: the list a mapping holds for a key, empty if none."""
    return mapping.get(key, [])


@register.filter
def colour(choice) -> int:
    """The palette index of a choice (its letter's colour)."""
    return (choice.position - 1) % len(PALETTE)


_MARKUP = re.compile(r"[$*_`\\]")


@register.filter
def plain_words(text: str, count: int = 10) -> str:
    """The first ``count`` words of a question's source, without maths and emphasis marks."""
    words = _MARKUP.sub("", text or "").split()
    return " ".join(words[:count]) + (" …" if len(words) > count else "")
