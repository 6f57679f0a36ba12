"""Moodle's GIFT format: questions as plain text, read and written without Django.

``gift_parse`` reads a file into :class:`quizzes.spec.QuestionSpec` values, or refuses it with
every problem found; ``gift_write`` writes questions back so that ``gift_parse(gift_write(qs))``
gives ``qs`` again.

Terms, defined once here (the question terms are in :mod:`quizzes.spec`):

block
    The lines of one question (or one ``$CATEGORY:`` line), ended by a blank line. A line whose
    first non-space characters are ``//`` is a **comment** and is dropped; it does not end a
    block.
category
    ``$CATEGORY: path`` sets the category of the questions that follow it.
title
    ``::title::`` at the start of a question.
text format
    ``[markdown]``, ``[html]`` or ``[plain]`` before the question text (``[moodle]``, Moodle's
    auto-format, is read as plain text). Without one, the text is Markdown.
answer block
    The one ``{…}`` of a question, at its end. Inside it, an **answer** starts with ``=``
    (right) or ``~`` (wrong), may start with a weight ``%n%`` and may end with ``#feedback``;
    ``####`` starts the **general feedback** (our explanation).
escape
    ``\\~ \\= \\# \\{ \\} \\:`` stand for the character itself, ``\\\\`` for a backslash and
    ``\\n`` (when no letter follows, so LaTeX's ``\\nabla`` stays as typed) for a new line.

The type of a question follows from its answer block, as in Moodle:

- ``{#…}`` numeric: ``{#v}``, ``{#v:tolerance}``, ``{#low..high}``, or several answers
  ``{#=%n%v:t#feedback =…}``;
- any ``~`` answer: single choice when one answer starts with ``=``, multiple select when none
  does (each ``~%n%`` weight is that choice's share of the points);
- ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}``, optionally ``{T#feedback if wrong#feedback if right}``:
  true/false;
- only ``=`` answers: short answer.

Refused, with the line and the reason: matching (``=a -> b``), essay (``{}``), missing word
(text after the answer block), a description (no answer block), and anything malformed. A file
with any problem yields no questions at all.

Limits of the writer, which GIFT cannot express: a relative numeric tolerance is written as the
absolute tolerance it amounts to; a short answer cannot contain ``->``; a category is one line.
"""

from .parser import GiftError, GiftParseResult, gift_parse
from .writer import gift_write

__all__ = ["GiftError", "GiftParseResult", "gift_parse", "gift_write"]
