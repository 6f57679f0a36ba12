"""The core's own kind: the note, a slide of Markdown text with maths.

A note too long for the projector is shown in parts (:func:`classroom.markup.slide_parts`); the
session's ``slide_part`` says which is on show. The projector shows that part alone, each phone
the parts shown so far, the dashboard every part with the one on show marked; the dashboard's
Next and Back step through the parts before they leave the slide.
"""

from __future__ import annotations

from typing import Any

from .kinds import ActivityKind, register
from .markup import render_markdown, slide_parts


def note_context(*, session, activity, screen, participant, request) -> dict[str, Any]:
    parts = [render_markdown(part) for part in slide_parts(activity.body, title=activity.title)]
    # A body edited during the class may have fewer parts than the one on show.
    part = min(session.slide_part, len(parts) - 1)
    return {
        "parts": parts,
        "part": part,
        "part_number": part + 1,
        "part_html": parts[part],
        "parts_shown": parts[: part + 1],
    }


NOTE = register(
    ActivityKind(
        key="note", label="Note", template="classroom/kinds/note.html", context=note_context
    )
)
