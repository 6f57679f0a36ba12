"""Slowing down join-code guessing.

Only **failed** tries count. Each client (a browser, known by its session) may fail
``JOIN_FAILURES_PER_CLIENT`` times in ``JOIN_FAILURE_WINDOW`` seconds, and each network address
``JOIN_FAILURES_PER_ADDRESS`` times: a lecture hall behind one NAT address shares the large
allowance, and a student who mistypes is held back only on their own phone.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    address = request.META.get("REMOTE_ADDR", "unknown")
    if not request.session.session_key:
        request.session.save()
    client = request.session.session_key
    return [
        (f"join-fail:c:{client}", settings.JOIN_FAILURES_PER_CLIENT),
        (f"join-fail:a:{address}", settings.JOIN_FAILURES_PER_ADDRESS),
    ]


def join_blocked(request: HttpRequest) -> bool:
    counts = cache.get_many([key for key, _limit in _keys(request)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(request))


def join_failed(request: HttpRequest) -> None:
    for key, _limit in _keys(request):
        if cache.add(key, 1, timeout=settings.JOIN_FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.JOIN_FAILURE_WINDOW)
