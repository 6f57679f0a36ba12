"""The quiz as an activity kind of a live lesson: phones answer, the projector shows the
question and then how the class answered, the dashboard paces it."""

from __future__ import annotations

from django.urls import reverse

from classroom.kinds import ActivityKind, Recap, StudentPage, register

from . import selectors, services
from .demo import demo_quiz_load
from .models import Quiz, QuizRun
from .screens import quiz_context


def quiz_on_open(*, session, activity) -> None:
    """Make sure the quiz has its live run in this session, waiting in the lobby."""
    quiz = services.quiz_ensure(activity=activity)
    services.quiz_run_live_start(quiz=quiz, session=session)


def quiz_on_close(*, session, activity) -> None:
    """Leaving the quiz stops the question that is open, so no answer arrives unseen."""
    run = QuizRun.objects.filter(
        session=session, quiz__activity=activity, state=QuizRun.State.OPEN
    ).first()
    if run is not None:
        services.question_close(run=run)


def quiz_manage_url(activity) -> str | None:
    quiz_id = Quiz.objects.filter(activity=activity).values_list("pk", flat=True).first()
    return reverse("quizzes:quiz", args=[quiz_id]) if quiz_id is not None else None


def quiz_recap(*, session, activity, participant) -> Recap | None:
    """The participant's score in the quiz's live run of this session; None if they answered
    nothing. A rostered student is linked to their answers."""
    run = selectors.run_live_for(session=session, activity_id=activity.pk)
    if run is None:
        return None
    results, total = selectors.results_of(run=run, participant=participant)
    answered = [r.answer for r in results if r.answer is not None]
    if not answered:
        return None
    right = sum(answer.correct for answer in answered)
    text = f"{right} of {len(results)} right"
    if len(answered) < len(results):
        text += f", {len(results) - len(answered)} not answered"
    most = sum(r.question.points for r in results)
    url = reverse("quizzes:my-results", args=[run.pk]) if participant.student_id else ""
    return Recap(text=text, figure=f"{total:g}/{most} points", url=url)


QUIZ = register(
    ActivityKind(
        key=services.QUIZ_KIND,
        label="Quiz",
        template="quizzes/quiz.html",
        context=quiz_context,
        on_open=quiz_on_open,
        on_close=quiz_on_close,
        configure_demo=demo_quiz_load,
        scripts=("quizzes/quiz.js",),
        styles=("quizzes/quiz.css",),
        manage_url=quiz_manage_url,
        student_page=StudentPage("Your quizzes and results", "quizzes:mine"),
        recap=quiz_recap,
    )
)
