"""Every write of the debates app: settings, groups, timers, chairs and votes.

Groups are formed by :mod:`debates.formation` and timers run by :mod:`debates.timing`; these
services load the rows into those pure structures, apply one step, and write the result back.
Each service runs in one transaction and locks the rows it changes, so two clicks at once apply
one after the other. A refused step raises :class:`DebateError` (a
:class:`classroom.kinds.TransitionError`) whose message names the state found.

Changes that phones show call :func:`classroom.kinds.state_changed` for ``Audience.EVERYONE``;
a vote cast only changes the screens' figures (``Audience.SCREENS``).
"""

from ._base import DebateError
from .config import DEFAULT_ROLES, DEFAULT_SPEAKING_SECONDS, debate_config_ensure
from .groups import (
    groups_form,
    groups_reshuffle,
    late_arrival_place,
    prep_start,
    seat_move,
    seat_swap,
    stage_advance,
)
from .timers import (
    debate_add_time,
    debate_back,
    debate_end,
    debate_next,
    debate_pause,
    debate_resume,
    debate_start,
)
from .votes import chair_assign, vote_cast, vote_close, vote_open

__all__ = [
    "DEFAULT_ROLES",
    "DEFAULT_SPEAKING_SECONDS",
    "DebateError",
    "chair_assign",
    "debate_add_time",
    "debate_back",
    "debate_config_ensure",
    "debate_end",
    "debate_next",
    "debate_pause",
    "debate_resume",
    "debate_start",
    "groups_form",
    "groups_reshuffle",
    "late_arrival_place",
    "prep_start",
    "seat_move",
    "seat_swap",
    "stage_advance",
    "vote_cast",
    "vote_close",
    "vote_open",
]
