"""Template filters of the quiz: a question's texts in their own format."""

from django import template

from ..charts import PALETTE
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
