"""Demo content for the "Neural Networks II" lesson: its agenda (:mod:`.content`) and a roster.

- **agenda item**: one activity of the demo lesson, a dict with ``kind``, ``title`` and ``body``
  (Markdown with ``$…$`` and ``$$…$$`` LaTeX maths), in teaching order.
- **worked example**: the numbers of a calculation shown on a slide, kept in a module-level dict
  the slide text is formatted from, so a test can recompute them.
- **demo roster**: ``roster.csv`` beside this file, 30 fictional students at example.ac.uk.

Plain data only: nothing here touches the database. ``manage.py load_demo`` reads it.
"""

from pathlib import Path

ROSTER_CSV = Path(__file__).with_name("roster.csv")

__all__ = ("ROSTER_CSV",)
