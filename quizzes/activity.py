"""The quiz as an activity kind of a live lesson: phones answer, the projector shows the
question and then how the class answered, the dashboard paces it."""

from __future__ import annotations

from django.urls import reverse

from classroom.kinds import ActivityKind, StudentPage, register

from . import services
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
    )
)
