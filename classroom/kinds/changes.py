"""Saying that a live session's state changed, in the words of a kind."""

from __future__ import annotations

from enum import StrEnum

from classroom.versions import live_session_bump


class Audience(StrEnum):
    """Which screens must show a change.

    ``EVERYONE``: phones, the projector and the dashboard (a question opened, groups formed, a
    speaker changed, a vote opened). ``SCREENS``: only the projector and the dashboard (an
    answer counted, a reply arrived, a vote cast): 300 phones do not re-fetch for every answer.
    """

    EVERYONE = "everyone"
    SCREENS = "screens"


def state_changed(*, session_id: int, audience: Audience, join_code: str = "") -> None:
    """Tell the screens of a live session that ``audience`` must show a change.

    Call inside the transaction that made the change: the screens learn of it once it commits,
    at their next poll. Passing the session's ``join_code`` saves looking it up.
    """
    live_session_bump(
        session_id=session_id, phones=audience is Audience.EVERYONE, join_code=join_code
    )
