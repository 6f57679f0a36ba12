"""The benchmark site plus a second baseline: a POST that inserts one row, and nothing else.

Serve it as ``gunicorn bench.baseline_insert:application`` with ``bench.settings``: the site's
URLs and middleware stack (sessions, CSRF, auth, CSP, htmx) are the same as in production, and
``POST /bench/baseline-insert/`` passes the same CSRF check as a phone's answer, then inserts
one row into ``bench_baseline_row`` (a table ``bench/quiz_burst.py`` creates) in a transaction.
It does not read the session or any other row: it is the floor an answer's write stands on.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.http import require_POST  # noqa: E402

from bench.urls import urlpatterns as bench_urlpatterns  # noqa: E402


@require_POST
def baseline_insert(request: HttpRequest) -> HttpResponse:
    """One row inserted, one transaction committed: 204."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_baseline_row (phone) VALUES (%s)",
            [request.POST.get("phone", "")[:64]],
        )
    return HttpResponse(status=204)


urlpatterns = [
    *bench_urlpatterns,
    path("bench/baseline-insert/", baseline_insert, name="bench-baseline-insert"),
]
# The site's URLs with the baseline added; set before the first request resolves a URL.
settings.ROOT_URLCONF = __name__
