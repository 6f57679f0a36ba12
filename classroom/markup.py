"""Markdown with LaTeX maths, rendered on the server to sanitised HTML and MathML.

``$…$`` is inline maths and ``$$…$$`` display maths; ``\\$`` is a literal dollar sign. Maths is
converted by latex2mathml, so no JavaScript maths library is needed on phones.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from latex2mathml.converter import convert as latex_to_mathml

MATH = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$|(?<!\\)\$(?!\s)(.+?)(?<![\\\s])\$", re.DOTALL)

MATHML_TAGS = {
    "math",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mrow",
    "mfrac",
    "msqrt",
    "mroot",
    "mstyle",
    "merror",
    "mpadded",
    "mphantom",
    "mfenced",
    "menclose",
    "msub",
    "msup",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mmultiscripts",
    "mtable",
    "mtr",
    "mtd",
    "mlabeledtr",
    "semantics",
    "annotation",
    "mprescripts",
    "none",
}
MATHML_ATTRIBUTES = {
    "display",
    "mathvariant",
    "stretchy",
    "fence",
    "separator",
    "lspace",
    "rspace",
    "accent",
    "accentunder",
    "columnalign",
    "rowalign",
    "columnspacing",
    "rowspacing",
    "displaystyle",
    "scriptlevel",
    "linethickness",
    "width",
    "height",
    "depth",
    "notation",
    "open",
    "close",
    "separators",
    "minsize",
    "maxsize",
    "movablelimits",
    "symmetric",
    "largeop",
    "form",
}
HTML_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "span",
    "sup",
    "sub",
    "img",
}


def _math_html(latex: str, display: bool) -> str:
    try:
        mathml = latex_to_mathml(latex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any bad LaTeX is shown as typed rather than failing a page
        return f'<code class="math-error">{escape(latex)}</code>'
    return mathml


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    stashed: dict[str, str] = {}

    def stash(match: re.Match[str]) -> str:
        display = match.group(1) is not None
        latex = match.group(1) if display else match.group(2)
        token = f"MATH{secrets.token_hex(8)}X"
        stashed[token] = _math_html(latex, display)
        return token

    source = MATH.sub(stash, text).replace("\\$", "$")
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    tags = HTML_TAGS | MATHML_TAGS
    attributes = {"a": {"href", "title"}, "img": {"src", "alt"}, "code": {"class"}}
    attributes.update({tag: MATHML_ATTRIBUTES | {"xmlns"} for tag in MATHML_TAGS})
    clean_html = nh3.clean(html, tags=tags - MATHML_TAGS, attributes=attributes, link_rel=None)
    for token, mathml in stashed.items():
        clean_mathml = nh3.clean(mathml, tags=MATHML_TAGS, attributes=attributes)
        clean_html = clean_html.replace(token, clean_mathml)
    return clean_html


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for Markdown ``text`` with its maths as MathML."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above
