"""A question's texts as safe HTML, whichever text format they are written in.

``markdown`` goes through the site's Markdown-with-maths renderer; ``html`` is sanitised with
the same allow-list; ``plain`` is escaped, its line breaks kept.
"""

from __future__ import annotations

import nh3
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from classroom.kinds import HTML_TAGS, render_markdown

from .spec import TextFormat

_HTML_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "code": {"class"}}


def text_render(text: str, text_format: str) -> SafeString:
    """``text`` as HTML safe to put in a page."""
    if text_format == TextFormat.HTML:
        clean = nh3.clean(text or "", tags=HTML_TAGS, attributes=_HTML_ATTRIBUTES, link_rel=None)
        return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
    if text_format == TextFormat.PLAIN:
        return mark_safe(linebreaks(escape(text or "")))  # noqa: S308 - escaped just above
    return render_markdown(text)


def inline_render(text: str, text_format: str) -> SafeString:
    """Like :func:`text_render` for a choice: a single paragraph loses its ``<p>`` wrapper."""
    html = str(text_render(text, text_format)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - rendered safe by text_render
