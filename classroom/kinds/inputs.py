"""Reading form values strictly, in one place, so that no view turns bad input into a 500."""

from __future__ import annotations

import unicodedata

from .errors import BadInput

# Python's str.isdigit() accepts "²" and other digits int() refuses; ids are ASCII only.
_ASCII_DIGITS = frozenset("0123456789")
ID_MAX_DIGITS = 18


def parse_id(raw: str | None, *, what: str) -> int:
    """A primary key typed into a form: plain ASCII digits, nothing else.

    ``what`` names the thing chosen ("an activity of the agenda"); the error reads "choose …"
    for an empty value and "'x' is not …" otherwise.
    """
    value = (raw or "").strip()
    if not value:
        raise BadInput(f"choose {what}")
    if not set(value) <= _ASCII_DIGITS or len(value) > ID_MAX_DIGITS:
        raise BadInput(f"{value[:20]!r} is not {what}")
    return int(value)


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a character no person types: NUL, other C0/C1 controls (tabs and
    line breaks excepted), or a direction override that reorders what follows it."""
    for char in text:
        if char in "\t\n\r":
            continue
        category = unicodedata.category(char)
        if category == "Cc" or char in _DIRECTION_CONTROLS:
            return True
    return False


# Overrides and embeddings reorder the text after them; isolates (U+2066..U+2069) are refused
# too, since a name or an answer never needs them and the templates isolate names themselves.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(raw: str | None, *, what: str, max_length: int, required: bool = True) -> str:
    """Text a person typed, trimmed; refused with a message naming ``what`` when it is empty
    (and ``required``), too long, or holds control characters."""
    text = (raw or "").strip()
    if has_control_characters(text):
        raise BadInput(f"{what} has a character that cannot be shown: type it again")
    if required and not text:
        raise BadInput(f"type {what} first")
    if len(text) > max_length:
        raise BadInput(f"{what} can have at most {max_length} characters")
    return text


def has_visible_character(text: str) -> bool:
    """Whether ``text`` shows anything: a letter, digit, punctuation mark or symbol (not only
    spaces, zero-width or formatting characters, or combining marks)."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)
