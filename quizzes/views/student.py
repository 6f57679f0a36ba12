"""A rostered student's own quiz pages, after class: the self-paced quiz and their results.

The student is the one this browser signed in as with their personal link; guests have no
such pages. A student sees their own answers only, and only of their own course's quizzes.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from classroom.kinds import signed_in_student, signed_in_students
from classroom.models import LiveSession, Student

from .. import selectors, services
from ..models import QuizRun


def _student_and_run(request: HttpRequest, run_id: int) -> tuple[Student, QuizRun]:
    """The signed-in student of the run's course and the run; 404 for anyone else."""
    course_id = (
        QuizRun.objects.filter(pk=run_id)
        .values_list("quiz__activity__lesson__course_id", flat=True)
        .first()
    )
    student = None
    if course_id is not None:
        student = signed_in_student(request, course_id=course_id)
    if student is None:
        raise Http404("Open your personal sign-in link first")
    return student, selectors.run_for_student(student=student, run_id=run_id)


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The signed-in student's quizzes: open self-paced ones to take, and their results."""
    students = signed_in_students(request)
    if not students:
        raise Http404("Open your personal sign-in link first")
    now = timezone.now()
    rows = [(s, selectors.runs_for_student(student=s, now=now)) for s in students]
    return render(request, "quizzes/mine.html", {"rows": rows})


def _is_over(run: QuizRun, now) -> bool:
    if run.mode == QuizRun.Mode.SELF_PACED:
        return run.closes_at <= now
    finished = (
        run.state == QuizRun.State.REVEALED
        and run.current_question is not None
        and run.current_question.position >= selectors.question_count(quiz_id=run.quiz_id)
    )
    return finished or run.session.status == LiveSession.Status.ENDED


def _take_context(run: QuizRun, student: Student, **extra) -> dict:
    results, total = selectors.results_of(run=run, student=student)
    return {
        "run": run,
        "quiz": run.quiz,
        "student": student,
        "results": results,
        "total": total,
        "max_total": sum(r.question.points for r in results),
        "answered": sum(r.answer is not None for r in results),
        "choices": selectors.choices_by_question(quiz_id=run.quiz_id),
        **extra,
    }


@require_GET
def take(request: HttpRequest, run_id: int) -> HttpResponse:
    """The self-paced quiz: every question, each answered once, marked at once."""
    student, run = _student_and_run(request, run_id)
    if run.mode != QuizRun.Mode.SELF_PACED:
        raise Http404("A live quiz is answered in class")
    if run.closes_at <= timezone.now():
        return redirect("quizzes:my-results", run_id=run.pk)
    return render(request, "quizzes/take.html", _take_context(run, student))


@require_POST
def take_answer(request: HttpRequest, run_id: int, question_id: int) -> HttpResponse:
    student, run = _student_and_run(request, run_id)
    if run.mode != QuizRun.Mode.SELF_PACED:
        raise Http404("A live quiz is answered in class")
    error = None
    try:
        services.answer_submit(
            run=run,
            question_id=question_id,
            student=student,
            choice_ids=request.POST.getlist("choice"),
            text=request.POST.get("text", ""),
        )
    except services.AnswerRefused as exc:
        error = str(exc)
    if not request.htmx:
        return redirect("quizzes:take", run_id=run.pk)
    ctx = _take_context(
        run,
        student,
        error_question=question_id if error else None,
        take_error=error,
        typed=request.POST.get("text", "") if error else "",
    )
    status = 409 if error == services.QUIZ_CLOSED else (400 if error else 200)
    return render(request, "quizzes/take.html#questions", ctx, status=status)


@require_GET
def my_results(request: HttpRequest, run_id: int) -> HttpResponse:
    """A student's own score and answers, once the quiz is over."""
    student, run = _student_and_run(request, run_id)
    now = timezone.now()
    if not _is_over(run, now):
        return render(request, "quizzes/my_results.html", {"run": run, "not_yet": True})
    if run.mode == QuizRun.Mode.LIVE:
        participant = selectors.participant_of_student(run=run, student=student)
        results, total = selectors.results_of(run=run, participant=participant)
    else:
        results, total = selectors.results_of(run=run, student=student)
    return render(
        request,
        "quizzes/my_results.html",
        {
            "run": run,
            "student": student,
            "results": results,
            "total": total,
            "max_total": sum(r.question.points for r in results),
            "choices": selectors.choices_by_question(quiz_id=run.quiz_id),
        },
    )
