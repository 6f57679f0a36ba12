"""The site's URLs plus a baseline: an empty 204 through the same middleware stack.

The baseline comes last, so resolving it walks every pattern of the site first: it pays at
least the URL-resolution cost that the poll pays.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from classroom.urls import urlpatterns as site_urlpatterns


@require_GET
def baseline(request: HttpRequest) -> HttpResponse:
    """Nothing at all: the floor any view served by this stack stands on."""
    return HttpResponse(status=204)


urlpatterns = [*site_urlpatterns, path("bench/baseline/", baseline, name="bench-baseline")]
