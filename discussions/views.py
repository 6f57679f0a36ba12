"""The discussion's two actions: a phone sends a reply; the instructor hides or shows one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from classroom.kinds import (
    BadInput,
    PhoneVisit,
    TransitionError,
    answer_board,
    answer_phone,
    instructor_session,
    phone_view,
)

from . import selectors, services


@require_POST
@phone_view
def reply(request: HttpRequest, visit: PhoneVisit) -> HttpResponse:
    text = request.POST.get("text", "")
    try:
        services.reply_create(
            session=visit.session,
            participant=visit.participant,
            text=text,
            key=request.headers.get("Idempotency-Key", ""),
        )
    except (TransitionError, BadInput) as exc:
        extra = {"reply_error": str(exc), "reply_text": text}
        return answer_phone(request, visit, extra=extra, status=400)
    return answer_phone(request, visit)


@require_POST
@login_required
def reply_hide(request: HttpRequest, reply_id: int) -> HttpResponse:
    found = selectors.reply_for_instructor(user=request.user, reply_id=reply_id)
    services.reply_set_hidden(reply=found, hidden=request.POST.get("hidden") == "yes")
    return answer_board(request, instructor_session(request, found.session_id))
