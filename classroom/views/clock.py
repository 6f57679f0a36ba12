"""The server's clock, for phones and the projector to correct their own."""

import time

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def clock(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"now": time.time() * 1000})
