"""Slowing down join-code guessing without ever holding back a lecture hall.

Terms:

device
    One browser, known by its session cookie. A device may fail ``JOIN_FAILURES_PER_CLIENT``
    times in ``JOIN_FAILURE_WINDOW`` seconds; past that it is refused every code, right or
    wrong, until the window passes: a guesser learns nothing.
address
    The network address a request comes from (:func:`client_address`). A lecture hall behind
    one NAT address, or everyone behind the TLS proxy, shares it, so its ceiling,
    ``JOIN_FAILURES_PER_ADDRESS``, is much higher, and reaching it refuses only **wrong** codes:
    a right code, and a phone already in the session, always get in.
trusted proxy
    An address listed in ``TRUSTED_PROXIES`` (``DJANGO_TRUSTED_PROXIES``). Only a request from one
    has its ``X-Forwarded-For`` read: the client is the last address in it that is not itself
    a trusted proxy. From anyone else the header is ignored, so it cannot be forged.

Only failed tries count.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

DEVICE_MESSAGE = "Too many wrong codes from this phone. Wait a few minutes and try again."
ADDRESS_MESSAGE = (
    "Too many wrong codes from this network. Check the code on the screen: the right one "
    "still works."
)


def client_address(request: HttpRequest) -> str:
    """The address of the client: ``REMOTE_ADDR``, or behind a trusted proxy the last
    untrusted address of ``X-Forwarded-For``."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = settings.TRUSTED_PROXIES
    if remote not in trusted:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if address not in trusted:
            return address
    return remote


def _device_key(request: HttpRequest, *, create: bool = False) -> str | None:
    """The device's counter; with ``create``, a browser without a session is given one."""
    if not request.session.session_key:
        if not create:
            return None
        request.session.save()
    return f"join-fail:c:{request.session.session_key}"


def _address_key(request: HttpRequest) -> str:
    return f"join-fail:a:{client_address(request)}"


def device_blocked(request: HttpRequest) -> bool:
    """True when this device has used up its wrong codes: refuse it any code."""
    key = _device_key(request)
    return key is not None and (cache.get(key) or 0) >= settings.JOIN_FAILURES_PER_CLIENT


def address_blocked(request: HttpRequest) -> bool:
    """True when this address has reached its ceiling: refuse it wrong codes only."""
    return (cache.get(_address_key(request)) or 0) >= settings.JOIN_FAILURES_PER_ADDRESS


def join_failed(request: HttpRequest, *, new_device: bool = True) -> None:
    """Count a wrong code for the device and its address. ``new_device=False`` counts a browser
    without a session against its address only, creating nothing (a poll: no phone that
    joined is without its session)."""
    device = _device_key(request, create=new_device)
    for key in (device, _address_key(request)):
        if key is None:
            continue
        if cache.add(key, 1, timeout=settings.JOIN_FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.JOIN_FAILURE_WINDOW)


# --- guest joins ---------------------------------------------------------------------------
# A phone is known here by its CSRF cookie, not its session: joining changes the session key,
# and a guest join cannot be posted without the CSRF cookie. A script that throws its cookies
# away is held by its address's ceiling.

GUEST_MESSAGE = (
    "This phone has joined as a new guest too often in the last few minutes. Wait a little, or "
    "go back to the page you joined with."
)


def _guest_keys(request: HttpRequest) -> list[tuple[str, int]]:
    keys = [(f"guest-joins:a:{client_address(request)}", settings.GUEST_JOINS_PER_ADDRESS)]
    phone = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    if phone:
        keys.append((f"guest-joins:c:{phone[:64]}", settings.GUEST_JOINS_PER_CLIENT))
    return keys


def guest_join_blocked(request: HttpRequest) -> bool:
    """True when this phone, or its address, has joined as a new guest too often lately."""
    counts = cache.get_many([key for key, _limit in _guest_keys(request)])
    return any((counts.get(key) or 0) >= limit for key, limit in _guest_keys(request))


def guest_joined(request: HttpRequest) -> None:
    for key, _limit in _guest_keys(request):
        if cache.add(key, 1, timeout=settings.JOIN_FAILURE_WINDOW):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=settings.JOIN_FAILURE_WINDOW)
