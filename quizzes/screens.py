"""What each screen of a live quiz shows: the context of the kind's three partials.

Reads only, except one thing: a dashboard or projector that renders while the open question's
deadline (and its grace) has passed closes it, since nothing closes a question by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.urls import reverse

from classroom.kinds import BarIn, Countdown, bar_chart
from classroom.kinds.charts import PALETTE, Chart
from classroom.models import Activity, LiveSession, Participant

from . import selectors, services
from .markup import inline_render, text_render
from .models import Answer, Choice, Question, QuizRun
from .spec import CHOICE_TYPES, QuestionType

State = QuizRun.State
DUE_MARGIN = timedelta(milliseconds=200)


@dataclass(frozen=True)
class ChoiceView:
    pk: int
    letter: str
    html: str
    colour: int
    right: bool
    chosen: bool
    feedback: str  # HTML


def _choices(question: Question, chosen: set[int]) -> list[ChoiceView]:
    choices = list(Choice.objects.filter(question=question).order_by("position"))
    best = max((c.weight for c in choices), default=0)
    multiple = question.type == QuestionType.MULTIPLE
    return [
        ChoiceView(
            pk=c.pk,
            letter=c.letter,
            html=inline_render(c.text, question.text_format),
            colour=(c.position - 1) % len(PALETTE),
            right=c.weight > 0 and (multiple or c.weight == best),
            chosen=c.pk in chosen,
            feedback=inline_render(c.feedback, question.text_format) if c.feedback else "",
        )
        for c in choices
    ]


CHART_TITLE = "How the class answered"


def _chart(run: QuizRun, question: Question) -> Chart:
    if question.type in CHOICE_TYPES:
        counts = selectors.choice_counts(run=run, question=question)
        return bar_chart(
            [
                BarIn(label=c.letter, count=c.count, right=c.right, colour_index=i)
                for i, c in enumerate(counts)
            ],
            title=CHART_TITLE,
        )
    typed = selectors.typed_answer_counts(run=run, question=question)
    return bar_chart(
        [
            BarIn(label=t.text, count=t.count, right=t.correct, colour_index=i)
            for i, t in enumerate(typed)
        ],
        wide_labels=True,
        title=CHART_TITLE,
    )


def _accepted(question: Question) -> list[str]:
    """The accepted typed answers, as a phone shows them after the reveal."""
    if question.type == QuestionType.SHORT:
        return [a.text for a in question.short_answers.filter(weight__gt=0).order_by("position")]
    shown = []
    for a in question.numeric_answers.filter(weight__gte=100).order_by("position"):
        if a.value is None:
            shown.append(f"{a.low:g} to {a.high:g}")
        elif a.tolerance:
            spread = abs(a.value) * a.tolerance if a.tolerance_kind == "relative" else a.tolerance
            shown.append(f"{a.value:g} ± {spread:g}")
        else:
            shown.append(f"{a.value:g}")
    return shown


def quiz_context(
    *,
    session: LiveSession,
    activity: Activity,
    screen: str,
    participant: Participant | None,
    request: Any,
) -> dict[str, Any]:
    run = selectors.run_live_for(session=session, activity_id=activity.pk)
    if run is None:
        return {"run": None}
    if screen != "phone" and run.state == State.OPEN and run.deadline is not None:
        run = services.question_close_if_due(run=run)
    question = run.current_question
    ctx: dict[str, Any] = {
        "run": run,
        "quiz": run.quiz,
        "state": run.state,
        "question": question,
        "total": selectors.question_count(quiz_id=run.quiz_id),
    }
    if screen == "dashboard":
        ctx.update(
            control_url=reverse("quizzes:run-control", args=[run.pk]),
            options_url=reverse("quizzes:run-options", args=[run.pk]),
            quiz_url=reverse("quizzes:quiz", args=[run.quiz_id]),
            gift_url=reverse("quizzes:gift", args=[run.quiz_id]),
            dashboard_url=reverse("classroom:dashboard", args=[session.pk]),
        )
    if question is None:
        return ctx
    answer: Answer | None = None
    if participant is not None:
        answer = selectors.answer_of(run=run, question_id=question.pk, participant=participant)
    chosen = set(answer.choice_ids) if answer is not None else set()
    is_choice = question.type in CHOICE_TYPES
    revealed = run.state == State.REVEALED
    if revealed and not is_choice:
        ctx["accepted"] = _accepted(question)
    ctx.update(
        is_choice=is_choice,
        is_multiple=question.type == QuestionType.MULTIPLE,
        is_numeric=question.type == QuestionType.NUMERIC,
        is_last=question.position >= ctx["total"],
        question_html=text_render(question.text, question.text_format),
        explanation_html=(
            text_render(question.explanation, question.text_format)
            if revealed and question.explanation
            else ""
        ),
        choices=_choices(question, chosen) if is_choice else [],
        countdown=(
            Countdown.until(run.deadline)
            if run.state == State.OPEN and run.deadline is not None
            else None
        ),
        answer=answer,
    )
    if screen == "phone":
        ctx["answer_url"] = reverse("quizzes:answer", args=[session.join_code])
        if revealed:
            ctx["my_feedback"] = [c.feedback for c in ctx["choices"] if c.chosen and c.feedback]
            if ctx["is_last"]:
                _results, ctx["my_total"] = selectors.results_of(run=run, participant=participant)
                ctx["max_total"] = sum(r.question.points for r in _results)
        return ctx

    ctx["progress"] = selectors.answer_progress(run=run)
    # The screens ask the server to close the question once its grace has passed too.
    ctx["due"] = (
        Countdown.until(run.deadline + services.GRACE + DUE_MARGIN)
        if ctx["countdown"] is not None
        else None
    )
    ctx["due_url"] = reverse("quizzes:run-due", args=[run.pk, screen])
    if revealed:
        ctx["chart"] = _chart(run, question)
        ctx["leaders"] = selectors.leaderboard(run=run)
    if screen == "dashboard":
        ctx["finished"] = revealed and ctx["is_last"]
        if ctx["finished"]:
            ctx["stats"] = selectors.question_stats(run=run)
            ctx["bands"] = selectors.totals_distribution(run=run)
            ctx["band_max"] = max((b.count for b in ctx["bands"]), default=0)
            ctx["csv_url"] = reverse("quizzes:run-csv", args=[run.pk])
            ctx["report_url"] = reverse("quizzes:run-report", args=[run.pk])
    return ctx
