"""A phone answers the open question of the live quiz.

The participant is the one this browser plays in the session (never an id from the form);
the answer is the htmx-swapped ``#live`` fragment of the phone page, showing "answer received"
or why the answer was refused.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from classroom.views.live import _phone_context, _session_and_participant

from .. import selectors, services

CLOSED_STATUS = 409


@require_POST
def answer(request: HttpRequest, code: str) -> HttpResponse:
    session, participant = _session_and_participant(request, code)
    if session is None or participant is None:
        return HttpResponseClientRedirect(reverse("classroom:join"))
    text = request.POST.get("text", "")
    question_id = request.POST.get("question", "")
    run = None
    if session.is_open and session.current_activity_id is not None:
        run = selectors.run_live_for(session=session, activity_id=session.current_activity_id)
    error, status = None, 200
    if run is None or not question_id.isdigit():
        error, status = services.QUESTION_CLOSED, CLOSED_STATUS
    else:
        try:
            services.answer_submit(
                run=run,
                question_id=int(question_id),
                participant=participant,
                choice_ids=request.POST.getlist("choice"),
                text=text,
            )
        except services.AnswerRefused as exc:
            error = str(exc)
            status = CLOSED_STATUS if error == services.QUESTION_CLOSED else 400
    if not request.htmx:
        return redirect("classroom:live", code=session.join_code)
    extra = {
        "answer_error": error,
        "answer_sent": error is None,
        "typed": text if error else None,
    }
    ctx = _phone_context(request, session, participant, extra)
    return render(request, "classroom/live.html#live", ctx, status=status)
