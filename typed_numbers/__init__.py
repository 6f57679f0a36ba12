"""Numbers as a student types them on a phone: the parser the quiz and the exercise checker share.

`parse_number` turns what was typed into a float, or refuses it with a sentence the student can act
on. It never raises and never evaluates the text: a regular expression decides what is a number,
and only text that matched it reaches `float`.

Accepted: `0.62`, `.62`, `0,62` (a decimal comma), `6.2e-1`, `−0.5` (the Unicode minus U+2212),
`1/4` (a fraction of two whole numbers), with spaces around any of them.
Refused, with the reason: nothing typed, letters, `nan`, `inf`, a value too large to hold
(`1e999`), more than 32 characters, two decimal separators (`1.2.3`, `1,2.3`), a fraction over 0.
"""

import math
import re
from dataclasses import dataclass

MAX_LENGTH = 32

_DECIMAL = re.compile(
    r"(?P<sign>[+-]?)(?P<int>[0-9]*)(?:[.,](?P<frac>[0-9]*))?(?:[eE](?P<exp>[+-]?[0-9]+))?"
)
_FRACTION = re.compile(r"(?P<num>[+-]?[0-9]+)\s*/\s*(?P<den>[+-]?[0-9]+)")
_NOT_FINITE_WORDS = {"nan", "inf", "infinity", "∞"}
# Dashes a phone keyboard or a word processor may put where a minus sign belongs.
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})


@dataclass(frozen=True)
class ParsedNumber:
    """One typed answer: the text, and either its value or the reason it was refused."""

    text: str
    value: float | None
    error: str | None
    decimals: int | None
    significant: int | None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def places(self) -> int | None:
        """Decimal places the typed number resolves to: `6.2e-1` has 1 decimal but 2 places."""
        if self.decimals is None:
            return None
        match = _DECIMAL.fullmatch(self.text.strip().translate(_MINUS_SIGNS))
        exponent = match["exp"] if match else None
        return self.decimals - int(exponent) if exponent else self.decimals


def _refuse(text: str, reason: str) -> ParsedNumber:
    return ParsedNumber(text=text, value=None, error=reason, decimals=None, significant=None)


def _significant_figures(integer: str, fraction: str) -> int:
    digits = (integer + fraction).lstrip("0")
    return len(digits)


def _explain(text: str, stripped: str) -> str:
    """The reason a text that is not a number was refused, as specific as we can make it."""
    lowered = stripped.lower().lstrip("+-")
    if lowered in _NOT_FINITE_WORDS:
        return f"“{stripped}” is not a number you can write down; type a value such as 0.62."
    separators = sum(stripped.count(mark) for mark in ".,")
    if separators > 1:
        return (
            f"“{stripped}” has {separators} decimal separators; use one point or one comma, "
            "and no thousands separator."
        )
    if "/" in stripped:
        return f"“{stripped}” is not a fraction of two whole numbers such as 1/4."
    if any(char.isalpha() for char in stripped if char not in "eE"):
        return f"“{stripped}” contains letters; type only the number, such as 0.62."
    odd = next((char for char in stripped if not (char.isdigit() or char in "+-.,eE ")), None)
    if odd is not None:
        return f"“{stripped}” contains “{odd}”, which is not part of a number."
    return f"“{stripped}” is not a number; type a value such as 0.62, -1.5, 6.2e-1 or 1/4."


def parse_number(text: str) -> ParsedNumber:
    """Read one typed number; refuse it with a reason rather than raise."""
    if not isinstance(text, str):
        return _refuse(str(text), "The answer must be typed as text.")
    stripped = text.strip()
    if not stripped:
        return _refuse(text, "Nothing was typed.")
    if len(stripped) > MAX_LENGTH:
        return _refuse(text, f"That is longer than {MAX_LENGTH} characters; type just the number.")
    normal = stripped.translate(_MINUS_SIGNS)

    fraction = _FRACTION.fullmatch(normal)
    if fraction:
        numerator, denominator = int(fraction["num"]), int(fraction["den"])
        if denominator == 0:
            return _refuse(text, f"“{stripped}” divides by zero.")
        try:
            value = numerator / denominator
        except OverflowError:
            return _refuse(text, f"“{stripped}” is too large a number.")
        return ParsedNumber(text=text, value=value, error=None, decimals=None, significant=None)

    decimal = _DECIMAL.fullmatch(normal)
    if not decimal or not (decimal["int"] or decimal["frac"]):
        return _refuse(text, _explain(text, stripped))
    integer, frac = decimal["int"], decimal["frac"] or ""
    mantissa = f"{decimal['sign']}{integer or '0'}.{frac or '0'}"
    exponent = f"e{decimal['exp']}" if decimal["exp"] else ""
    value = float(mantissa + exponent)
    if not math.isfinite(value):
        return _refuse(text, f"“{stripped}” is too large a number.")
    return ParsedNumber(
        text=text,
        value=value,
        error=None,
        decimals=len(frac),
        significant=_significant_figures(integer, frac),
    )
