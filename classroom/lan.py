"""This machine's address on the local network: where phones on the same Wi-Fi reach it.

``make run`` prints it (``load_demo``), and the projector shows and encodes it when opened at a
loopback address (:func:`classroom.kinds.screens.public_base`), which no phone can reach.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import struct


def interface_addresses() -> list[str]:
    """IPv4 addresses of this machine's network interfaces (Linux), without sending anything."""
    try:
        import fcntl
    except ImportError:
        return []
    siocgifaddr = 0x8915
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _index, name in socket.if_nameindex():
            packed = struct.pack("256s", name[:15].encode())
            try:
                reply = fcntl.ioctl(probe.fileno(), siocgifaddr, packed)
            except OSError:
                continue
            found.append(socket.inet_ntoa(reply[20:24]))
    return found


def lan_address() -> str | None:
    """The address phones on the same Wi-Fi can reach this machine at, best guess; None when
    the machine has only loopback addresses."""
    candidates = interface_addresses()
    with contextlib.suppress(OSError):
        candidates += [
            info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        ]
    usable = [address for address in candidates if not is_loopback(address)]
    return usable[0] if usable else None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, without a port) names this machine only:
    ``localhost``, ``127.0.0.0/8``, ``::1``."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
