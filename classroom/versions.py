"""The versions every screen of a live session follows.

Terms:

version
    A number stored on the session row (``LiveSession.version``) and mirrored in the cache
    under :func:`version_cache_key`. It goes up on every change phones must show (a new
    activity, a question opened, groups formed). Phones poll with the version they show and get
    an empty 204 while it is unchanged, answered from the cache alone.
board counter
    A counter kept only in the cache, under :func:`board_cache_key`, that goes up on changes
    only the projector and the dashboard show (an answer counted, a reply arrived), so 300
    phones do not re-fetch for every answer.
board version
    What the projector and the dashboard follow: ``"<version>.<board counter>"``.

Kinds never call this module: they say what changed through :func:`classroom.kinds.state_changed`.
"""

from __future__ import annotations

import time
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import F

from .cache import cache_available, counter_incr
from .models import LiveSession


def version_cache_key(join_code: str) -> str:
    return f"live:{join_code}:v"


def board_cache_key(join_code: str) -> str:
    return f"live:{join_code}:b"


def live_version_publish(session_id: int) -> None:
    """Copy the session row's version to the cache."""
    row = LiveSession.objects.filter(pk=session_id).values_list("join_code", "version").first()
    if row is not None:
        join_code, version = row
        cache.set(version_cache_key(join_code), version, timeout=None)


def live_session_bump(*, session_id: int, phones: bool = True, join_code: str = "") -> None:
    """Tell the screens of a live session that something changed.

    ``phones=True`` bumps the version every screen follows; ``phones=False`` only the board
    counter. Call inside the transaction that made the change: the cache is updated once it
    commits. Passing the session's ``join_code`` saves looking it up.
    """
    if phones:
        LiveSession.objects.filter(pk=session_id).update(version=F("version") + 1)
        transaction.on_commit(partial(live_version_publish, session_id))
    else:
        code = join_code or (
            LiveSession.objects.filter(pk=session_id).values_list("join_code", flat=True).first()
        )
        if code:
            transaction.on_commit(partial(counter_incr, board_cache_key(code)))


def live_version(*, join_code: str) -> int | None:
    """The version phones follow: from the cache, filled from the database when missing (and
    read from the database alone while Redis is down)."""
    version = cache.get(version_cache_key(join_code))
    if version is None:
        version = (
            LiveSession.objects.filter(join_code=join_code)
            .exclude(status=LiveSession.Status.ENDED)
            .values_list("version", flat=True)
            .first()
        )
        if version is None:
            return None
        # add, not set: a newer version published meanwhile is never overwritten.
        cache.add(version_cache_key(join_code), version, timeout=None)
    return version


def board_version(*, join_code: str) -> str:
    """What the projector and dashboard follow: the phones' version and the board's counter.

    While Redis is down the board counter is unknown, so the board version changes every
    second: the projector and the dashboard re-read every poll (two screens, not hundreds).
    """
    values = cache.get_many([version_cache_key(join_code), board_cache_key(join_code)])
    phones = values.get(version_cache_key(join_code))
    if phones is None:
        phones = live_version(join_code=join_code)
    if not cache_available():
        return f"{phones}.t{int(time.time())}"
    return f"{phones}.{values.get(board_cache_key(join_code), 0)}"
