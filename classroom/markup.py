"""Markdown with LaTeX maths, rendered on the server to sanitised HTML and MathML, and slides
cut into the parts a projector shows one at a time.

``$…$`` is inline maths and ``$$…$$`` display maths; ``\\$`` is a literal dollar sign. Maths is
converted by latex2mathml, so no JavaScript maths library is needed on phones. A formula never
breaks across lines, so display maths, and inline maths holding a matrix, sit in a
``math-scroll`` box that scrolls sideways when the formula is wider than the screen.

Terms of the slides:

block
    One top-level piece of a slide's Markdown: a paragraph, a heading, a display formula, a
    table, a code block, or one item of a list with what is indented under it.
line
    The height of one line of slide text at the projector's smallest text size (the floor in
    ``static/classroom/site.css``); a block's size is estimated in lines from its text.
part
    A run of consecutive blocks the projector shows at once. A slide whose blocks do not fit
    one screen at the floor is cut into parts of about equal size, which the instructor steps
    through (:func:`slide_parts`); the projector then scales each part's text up as far as the
    screen allows (``static/classroom/slides.js``).
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


# How many MathML elements an inline formula may have before it gets a scrolling box.
INLINE_BOX_TOKENS = 24


def _math_html(latex: str, display: bool) -> tuple[str, str]:
    """The MathML of ``latex`` and the class of the box around it ("" for none)."""
    try:
        mathml = latex_to_mathml(latex.strip(), display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any bad LaTeX is shown as typed rather than failing a page
        return f'<code class="math-error">{escape(latex)}</code>', ""
    if display:
        return mathml, "math-scroll math-display"
    # A long inline formula too (a quiz's feedback formula widened a phone's page): one that
    # may be wider than a phone's line scrolls in its box. A short one stays in its sentence.
    long = "<mtable" in mathml or mathml.count("<m") > INLINE_BOX_TOKENS
    return mathml, "math-scroll math-inline" if long else ""


@lru_cache(maxsize=512)
def _render(text: str) -> str:
    stashed: dict[str, tuple[str, str]] = {}

    def stash(match: re.Match[str]) -> str:
        display = match.group(1) is not None
        latex = match.group(1) if display else match.group(2)
        token = f"MATH{secrets.token_hex(8)}X"
        stashed[token] = _math_html(latex, display)
        return token

    source = MATH.sub(stash, text).replace("\\$", "$")
    html = markdown.markdown(source, extensions=["tables", "sane_lists"], output_format="html")
    tags = HTML_TAGS | MATHML_TAGS
    attributes = {"a": {"href", "title"}, "img": {"src", "alt"}, "code": {"class"}, "ol": {"start"}}
    attributes.update({tag: MATHML_ATTRIBUTES | {"xmlns"} for tag in MATHML_TAGS})
    clean_html = nh3.clean(html, tags=tags - MATHML_TAGS, attributes=attributes, link_rel=None)
    for token, (mathml, box) in stashed.items():
        clean_mathml = nh3.clean(mathml, tags=MATHML_TAGS, attributes=attributes)
        if box:
            clean_mathml = f'<span class="{box}">{clean_mathml}</span>'
        clean_html = clean_html.replace(token, clean_mathml)
    return clean_html


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for Markdown ``text`` with its maths as MathML."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above


# --- slides in parts ------------------------------------------------------------------------

# The slide's box at the floor, in lines of body text (the floor is 24 pt, 32 px on a 1920 x 1080
# screen: site.css). The slide is 92 vw wide and about 47 vw high between the margins and the
# footer; a line of 1.667 vw text is 2.25 vw high and holds about 100 characters. The budget
# keeps a margin for fonts wider than the estimate.
PART_LINES = 21.0
CHARS_PER_LINE = 96
TITLE_CHARS_PER_LINE = 58
TITLE_LINE = 1.6  # a title line, with its margin, in body lines
PARAGRAPH_GAP = 0.55  # the space between paragraphs, in lines

_LIST_ITEM = re.compile(r"^( {0,3})(\d{1,9}[.)]|[-*+])\s")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s")
_TABLE_ROW = re.compile(r"^\s*\|")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_DISPLAY = re.compile(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$", re.DOTALL)
_INLINE = re.compile(r"(?<!\\)\$(?!\s)(.+?)(?<![\\\s])\$", re.DOTALL)
_LATEX_WORD = re.compile(r"\\([a-zA-Z]+)")
_ENVIRONMENT = re.compile(r"\\begin\{(\w+)\}(.*?)\\end\{\1\}", re.DOTALL)


def _display_count(text: str) -> int:
    return len(re.findall(r"(?<!\\)\$\$", text))


def _blocks(text: str) -> list[tuple[str, str]]:
    """``(separator, markdown)`` for each block of ``text``: joining the separators and blocks
    gives the text back (up to the blank lines between blocks)."""
    chunks: list[str] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        if chunks and _display_count(chunks[-1]) % 2:
            chunks[-1] += "\n\n" + chunk  # a blank line inside a display formula
        elif chunk.strip():
            chunks.append(chunk)
    blocks: list[tuple[str, str]] = []
    for chunk in chunks:
        first = chunk.split("\n", 1)[0]
        indented = len(first) - len(first.lstrip(" ")) >= 2 and not _LIST_ITEM.match(first)
        if blocks and indented and _LIST_ITEM.match(blocks[-1][1]):
            # A paragraph indented under a list item belongs to it.
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + "\n\n" + chunk)
            continue
        item = _LIST_ITEM.match(first)
        if item is None:
            blocks.append(("\n\n", chunk))
            continue
        margin = len(item.group(1))
        items: list[str] = []
        for line in chunk.split("\n"):
            marker = _LIST_ITEM.match(line)
            if marker is not None and len(marker.group(1)) == margin or not items:
                items.append(line)
            else:
                items[-1] += "\n" + line
        blocks.append(("\n\n", items[0]))
        blocks.extend(("\n", rest) for rest in items[1:])
    return blocks


def _text_width(markdown_text: str) -> float:
    """Characters of body text the Markdown shows, inline maths by its visible symbols."""

    def visible(match: re.Match[str]) -> str:
        latex = _LATEX_WORD.sub("x", match.group(1))
        return re.sub(r"[{}^_&\\ ]", "", latex)

    plain = _INLINE.sub(visible, markdown_text)
    plain = re.sub(r"[*`#|]|\]\([^)]*\)", "", plain)
    return len(" ".join(plain.split()))


def _maths_height(latex: str) -> float:
    """Lines a formula is high: a matrix of n rows about n, a fraction or a sum with limits
    two, else one."""
    rows = max((body.count(r"\\") + 1 for _name, body in _ENVIRONMENT.findall(latex)), default=0)
    if rows:
        return max(1.6, 1.15 * rows + 0.3)
    if re.search(r"\\(frac|dfrac|sum|prod|int)\b", latex):
        return 2.0
    return 1.0


def block_lines(markdown_text: str) -> float:
    """The estimated height of one block, in lines at the floor."""
    lines = markdown_text.split("\n")
    if all(_TABLE_ROW.match(line) for line in lines):
        rows = [line for line in lines if not _TABLE_RULE.match(line)]
        tall = max((_maths_height(cell) for cell in _INLINE.findall(markdown_text)), default=1.0)
        return len(rows) * 1.3 * max(1.0, tall * 0.8) + PARAGRAPH_GAP
    height = PARAGRAPH_GAP
    if _HEADING.match(lines[0]):
        height += 0.4
    for latex in _DISPLAY.findall(markdown_text):
        height += _maths_height(latex) + 0.5
    text = _DISPLAY.sub(" ", markdown_text)
    width = CHARS_PER_LINE - (4 if _LIST_ITEM.match(lines[0]) else 0)
    chars = _text_width(text)
    if chars:
        height += -(-chars // width)
        # A tall inline formula (a matrix, a fraction) makes its line taller.
        height += sum(max(0.0, _maths_height(latex) - 1.0) * 0.8 for latex in _INLINE.findall(text))
    return height


def _sticks_to_next(markdown_text: str) -> bool:
    """A heading, a bold line alone or a sentence ending in a colon leads into the next
    block; a part never ends with one."""
    text = markdown_text.strip()
    return bool(
        _HEADING.match(text)
        or re.fullmatch(r"\*\*[^*\n]+\*\*:?", text)
        or (text.endswith(":") and not _LIST_ITEM.match(text))
    )


def _balanced(sizes: list[float], parts: int) -> list[int]:
    """Where to cut ``sizes`` into ``parts`` runs so that the largest run is smallest: the
    index each run after the first starts at."""
    count = len(sizes)
    prefix = [0.0]
    for size in sizes:
        prefix.append(prefix[-1] + size)
    # best[k][i]: the smallest largest run cutting sizes[:i] into k runs, and the last cut.
    best = [[(float("inf"), 0)] * (count + 1) for _ in range(parts + 1)]
    best[0][0] = (0.0, 0)
    for k in range(1, parts + 1):
        for i in range(k, count + 1):
            best[k][i] = min(
                (max(best[k - 1][j][0], prefix[i] - prefix[j]), j) for j in range(k - 1, i)
            )
    cuts, i = [], count
    for k in range(parts, 0, -1):
        i = best[k][i][1]
        cuts.append(i)
    return sorted(cuts)[1:]


def _largest_run(sizes: list[float], cuts: list[int]) -> float:
    edges = [0, *cuts, len(sizes)]
    return max(sum(sizes[a:b]) for a, b in zip(edges, edges[1:], strict=False))


@lru_cache(maxsize=256)
def slide_parts(body: str, *, title: str = "") -> tuple[str, ...]:
    """The Markdown of each part of a slide: one part when the whole slide fits the projector
    at the floor, else as few parts of about equal size as fit, cut between blocks."""
    blocks = _blocks(body or "")
    if not blocks:
        return ("",)
    title_lines = -(-len(title) // TITLE_CHARS_PER_LINE) * TITLE_LINE if title else 0.0
    budget = PART_LINES - title_lines
    # Units: a block with the blocks that lead into it, which stay in one part.
    units: list[list[tuple[str, str]]] = [[]]
    for separator, block in blocks:
        units[-1].append((separator, block))
        if not _sticks_to_next(block):
            units.append([])
    if not units[-1]:
        units.pop()
    sizes = [sum(block_lines(block) for _sep, block in unit) for unit in units]
    cuts: list[int] = []
    for parts in range(2, len(units) + 1):
        if _largest_run(sizes, cuts) <= budget:
            break
        cuts = _balanced(sizes, parts)
    edges = [0, *cuts, len(units)]
    result = []
    for start, end in zip(edges, edges[1:], strict=False):
        run = [pair for unit in units[start:end] for pair in unit]
        result.append(run[0][1] + "".join(sep + block for sep, block in run[1:]))
    return tuple(result)
