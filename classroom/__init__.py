"""The classroom site: courses, rosters, lessons, activities and live sessions.

Terms used across the project:

- **course**: what an instructor teaches for a term; it has a roster of students.
- **student**: a rostered person of a course (name, student number, email).
- **lesson**: an ordered agenda of activities.
- **activity**: one step of a lesson. Its *kind* (note, discussion, quiz, debate, ...) is
  registered by the app that owns it; see :mod:`classroom.activities`.
- **live session**: one run of a lesson in a room, with a join code, moving from the lobby
  through the activities one at a time to its end.
- **participant**: a phone taking part in a live session, as a rostered student or a guest.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
