"""The kind interface: everything an app needs to add a kind of activity to a live lesson.

A **kind** (note, discussion, quiz, debate, exercise, feedback) is what an activity of a lesson's
agenda is. A kind lives in its own app and uses only this package and the core's models
(``classroom.models``: ``Activity``, ``LiveSession``, ``Participant``, ``Student``, for its
foreign keys); it never imports ``classroom.views`` nor another activity app, and ``classroom``
never imports it. ``tests/test_seams.py`` holds every app to that. ``docs/kinds.md`` walks
through writing one, with ``discussions/`` (the reference kind) as the example.

What a kind provides: one :class:`ActivityKind`, registered from its app's ``activity.py``::

    DISCUSSION = register(ActivityKind(
        key="discussion", label="Discussion",
        template="discussions/discussion.html",   # with phone, projector, dashboard partials
        context=discussion_context,                # ContextFn: what its partials need
        on_open=None, on_close=None,               # HookFn: run when it becomes current / leaves
        configure_demo=None,                       # DemoFn: the demo lesson's content
        scripts=(), styles=(),                     # its static files, loaded by every page
        manage_url=None, student_page=None,        # its instructor page, students' page
        recap=None,                                # RecapFn: what a student did, after class
    ))

Each **screen** renders the kind's partial of that name with ``session``, ``activity``,
``screen``, ``participant`` (phones only) and ``kind``, plus what ``context`` returns:

- ``phone``: a participant's phone while the activity is current;
- ``projector``: the big screen, read from the back of the room;
- ``dashboard``: the instructor's controls and live figures.

When the session ends, each phone shows the class as over with what its participant did: for
every activity of the agenda whose kind has a ``recap``, the :class:`Recap` it returns (a line
of text, a short figure, the URL of the participant's page about it after class), in agenda
order; None leaves the activity out.

What a kind's views use (all here):

- :func:`phone_view` (a decorator giving the view the :class:`PhoneVisit`: session and
  participant) and :func:`instructor_session` (the session, if the user teaches it; else 404);
- :func:`answer_phone` and :func:`answer_board`: answer an action with the re-rendered screen
  under htmx, or a redirect for a plain form post, in one call;
- :func:`state_changed` with an :class:`Audience`: say, inside the transaction that changed
  something, which screens must show it; they pick it up at their next poll;
- :class:`Countdown`: a deadline or a frozen time left, rendered as ``{{ c.attrs }}`` and
  ``{{ c.text }}`` on a ``countdown`` element and kept ticking by ``live.js``;
- :func:`bar_chart` / :func:`stacked_chart` and ``templates/classroom/chart.html``: the one SVG
  bar chart, colour-blind-safe, the right answer marked by an outline and the word "right";
- :func:`task_enqueue`: send a Celery task after the commit, never failing the write when the
  broker is down (the beat schedule's sweepers catch up);
- :class:`TransitionError`: a refused change, its message naming the state found; and
  :class:`BadInput` with :func:`parse_id` and :func:`clean_text`, for form values;
- :func:`public_base`: the site's address as phones reach it, for links in emails and QR codes;
- reads the core shares: :func:`participants_of`, :func:`taught_by`, :func:`signed_in_students`,
  :func:`signed_in_student`; :func:`activity_append` to add an activity to a lesson; and
  :func:`render_markdown` (Markdown with ``$…$`` maths as MathML, sanitised to ``HTML_TAGS``).
"""

from classroom.identity import signed_in_student, signed_in_students
from classroom.markup import HTML_TAGS, render_markdown
from classroom.selectors import participants_of, taught_by

from .agenda import activity_append
from .changes import Audience, state_changed
from .charts import BarIn, RowIn, SegmentIn, bar_chart, stacked_chart
from .countdown import Countdown, countdown_text
from .errors import BadInput, TransitionError
from .inputs import clean_text, parse_id
from .registry import (
    SCREENS,
    ActivityKind,
    ContextFn,
    DemoFn,
    HookFn,
    ManageUrlFn,
    Recap,
    RecapFn,
    Screen,
    StudentPage,
    get_kind,
    register,
)
from .screens import (
    BOARD_SCREENS,
    BoardScreen,
    PhoneVisit,
    answer_board,
    answer_phone,
    instructor_session,
    phone_view,
    public_base,
)
from .tasks import task_enqueue

__all__ = [
    "BOARD_SCREENS",
    "HTML_TAGS",
    "SCREENS",
    "ActivityKind",
    "Audience",
    "BadInput",
    "BarIn",
    "BoardScreen",
    "ContextFn",
    "Countdown",
    "DemoFn",
    "HookFn",
    "ManageUrlFn",
    "PhoneVisit",
    "Recap",
    "RecapFn",
    "RowIn",
    "Screen",
    "SegmentIn",
    "StudentPage",
    "TransitionError",
    "activity_append",
    "answer_board",
    "answer_phone",
    "bar_chart",
    "clean_text",
    "countdown_text",
    "get_kind",
    "instructor_session",
    "parse_id",
    "participants_of",
    "phone_view",
    "public_base",
    "register",
    "render_markdown",
    "signed_in_student",
    "signed_in_students",
    "stacked_chart",
    "state_changed",
    "task_enqueue",
    "taught_by",
]
