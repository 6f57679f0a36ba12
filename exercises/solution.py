"""The worked solution as the screens show it: the checker's text (:func:`exercises.checker.
solution_text`) cut into the steps the instructor reveals one by one, its computations written
as maths (MathML, through the site's Markdown-with-maths renderer).

Terms:

step
    One revealable part: the header (the network, the loss, the data), then each layer of the
    forward pass, the loss, each layer of the backward pass, and each layer's update. A
    section title alone ("Forward pass") heads the step after it.
computation
    A line of numbers and symbols only ("z₁ = 0.4 × 1 + 0.6 × 0.5 + 0.1 = 0.8"): drawn as maths.
    A line with words in it stays text.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from classroom.kinds import render_markdown

from .checker import Spec, key_compute, solution_text

_SECTION_TITLES = ("Forward pass", "Backward pass", "Update")
_SUB = dict(zip("₀₁₂₃₄₅₆₇₈₉ᵢⱼ", "0123456789ij", strict=True))
_SUP = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾ᵀ⁻", "0123456789()T-", strict=True))
_SYMBOLS = {
    "×": r" \times ", "·": r" \cdot ", "−": "-", "σ": r"\sigma ", "′": "'", "∂": r"\partial ",
    "η": r"\eta ", "Σ": r"\sum ", "≈": r" \approx ", "ŷ": r"\hat{y}", "≤": r" \le ",
    "≥": r" \ge ", "√": r"\sqrt ",
}  # fmt: skip
# A computation holds only these; anything else (a word) keeps the line as text.
_MATHS_LINE = re.compile(r"[\s0-9.,=+\-×·−()/σ′∂ηΣ≈≤≥√ŷ_^₀-₉ᵢⱼ⁰-⁹⁽⁾ᵀ⁻a-zA-Z]*")
_WORD = re.compile(r"[a-zA-Z]{3,}")
_FUNCTIONS = {"max", "exp", "tanh"}


def solution_steps(spec: Spec) -> list[str]:
    """The worked solution's text, cut into its revealable steps."""
    blocks: list[list[str]] = []
    pending_title: list[str] = []
    for line in solution_text(spec, key_compute(spec)).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if indent == 0 and text.startswith(_SECTION_TITLES):
            pending_title = [line]
            continue
        opens = blocks and (
            (indent == 2 and text.startswith("Layer"))
            or (indent == 0 and text.startswith("Loss") and len(blocks) > 1)
        )
        if not blocks or opens:
            blocks.append([*pending_title, line])
            pending_title = []
        else:
            blocks[-1].append(line)
    return ["\n".join(block) for block in blocks]


def _is_computation(text: str) -> bool:
    if "=" not in text or not _MATHS_LINE.fullmatch(text):
        return False
    return all(word in _FUNCTIONS for word in _WORD.findall(text))


def _latex(text: str) -> str:
    out = []
    index = 0
    while index < len(text):
        char = text[index]
        if char in _SUB:
            run = ""
            while index < len(text) and text[index] in _SUB:
                run += _SUB[text[index]]
                index += 1
            out.append(f"_{{{run}}}")
            continue
        if char in _SUP:
            run = ""
            while index < len(text) and text[index] in _SUP:
                run += _SUP[text[index]]
                index += 1
            out.append(f"^{{{run}}}")
            continue
        out.append(_SYMBOLS.get(char, char))
        index += 1
    latex = "".join(out)
    for name in _FUNCTIONS:
        latex = re.sub(rf"\b{name}\b", rf"\\{name}", latex)
    # e^(z) and e^0.3: the whole exponent goes up, not its first character only.
    latex = re.sub(r"e\^\(([^()]*)\)", r"e^{(\1)}", latex)
    return re.sub(r"e\^(-?[0-9.]+)", r"e^{\1}", latex)


def solution_html(step: str) -> SafeString:
    """One step as HTML: its computations as maths, the rest as text, one line each."""
    lines = []
    for line in step.splitlines():
        text = line.strip()
        depth = (len(line) - len(line.lstrip(" "))) // 2
        if _is_computation(text):
            html = render_markdown(f"${_latex(text)}$")
            lines.append(f'<div class="sol-line sol-d{depth}">{html}</div>')
        else:
            lines.append(f'<div class="sol-line sol-d{depth}">{escape(text)}</div>')
    return mark_safe("".join(lines))  # noqa: S308 - every part is escaped or sanitised above
