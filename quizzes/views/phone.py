"""A phone answers the open question of the live quiz.

The participant is the one this browser plays in the session (never an id from the form).
An accepted answer is confirmed with the small ``#quiz-receipt`` fragment only ("answer
received"), so that 300 phones answering in the same two seconds cost the server little more
than their writes; the tapped choice is already marked on the phone by ``quiz.js``. A refused
answer re-renders the phone's whole ``#live`` fragment (retargeted), showing why and the
question's current state.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from classroom.kinds import BadInput, PhoneVisit, answer_phone, parse_id, phone_view

from .. import services

CLOSED_STATUS = 409


@require_POST
@phone_view
def answer(request: HttpRequest, visit: PhoneVisit) -> HttpResponse:
    text = request.POST.get("text", "")
    error, status, stored = None, 200, None
    try:
        question_id = parse_id(request.POST.get("question"), what="a question")
    except BadInput:
        error, status = services.QUESTION_CLOSED, CLOSED_STATUS
    else:
        try:
            stored = services.answer_live_submit(
                session=visit.session,
                participant=visit.participant,
                question_id=question_id,
                choice_ids=request.POST.getlist("choice"),
                text=text,
            )
        except services.AnswerRefused as exc:
            error = str(exc)
            status = CLOSED_STATUS if error == services.QUESTION_CLOSED else 400
    if not request.htmx:
        return redirect("classroom:live", code=visit.session.join_code)
    if error is None:
        ctx = {"answer": stored, "answer_sent": True, "is_choice": not stored.text}
        return render(request, "quizzes/quiz.html#receipt", ctx)
    response = answer_phone(
        request, visit, extra={"answer_error": error, "typed": text}, status=status
    )
    return reswap(retarget(response, "#live"), "outerHTML")
