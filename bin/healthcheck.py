"""Exit 0 when the site answers 200 at the given address, 1 otherwise (docker compose health).

Usage: python bin/healthcheck.py http://127.0.0.1:8000/accounts/login/

The request names a host from DJANGO_ALLOWED_HOSTS and says it came through HTTPS, as the
proxy in front would, so that neither the host check nor the HTTPS redirect gets in the way.
It uses the standard library only: it runs often, and must not start Django.
"""

import http.client
import os
import sys
from urllib.parse import urlsplit


def allowed_host() -> str:
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(url: str) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
    try:
        connection.request(
            "GET", parts.path or "/", headers={"Host": allowed_host(), "X-Forwarded-Proto": "https"}
        )
        status = connection.getresponse().status
    except OSError as error:
        print(f"unhealthy: {url}: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    if status != 200:
        print(f"unhealthy: {url} answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
