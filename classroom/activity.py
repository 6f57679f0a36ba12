"""The core's own kind: the note, a slide of Markdown text with maths."""

from __future__ import annotations

from .kinds import ActivityKind, register

NOTE = register(ActivityKind(key="note", label="Note", template="classroom/kinds/note.html"))
