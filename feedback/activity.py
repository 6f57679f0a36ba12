"""Assignment feedback as a kind of activity: the room sees the class summary (no names), each
signed-in student's phone their own feedback, the dashboard the release and who has read it."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from classroom.kinds import (
    ActivityKind,
    BarIn,
    Recap,
    Screen,
    StudentPage,
    bar_chart,
    register,
)
from classroom.models import Activity, LiveSession, Participant

from . import selectors, services
from .demo import demo_feedback_load
from .models import Assignment, Feedback, FeedbackActivity


def _bound(activity: Activity) -> Assignment | None:
    bound = FeedbackActivity.objects.select_related("assignment").filter(activity=activity).first()
    return bound.assignment if bound else None


def feedback_context(
    *,
    session: LiveSession,
    activity: Activity,
    screen: Screen,
    participant: Participant | None,
    request: object,
) -> dict[str, Any]:
    assignment = _bound(activity)
    if assignment is None:
        return {"assignment": None}
    ctx: dict[str, Any] = {"assignment": assignment}
    if screen == "phone":
        student_id = participant.student_id if participant is not None else None
        ctx["is_guest"] = student_id is None
        if student_id is not None and assignment.is_released:
            mine = (
                Feedback.objects.filter(assignment=assignment, student_id=student_id)
                .prefetch_related("rubric_items")
                .first()
            )
            if mine is not None:
                services.feedback_viewed(feedback=mine)
                ctx["mine"] = mine
                ctx["page_url"] = reverse("feedback:mine", args=[assignment.pk])
        return ctx
    summary = selectors.summary(assignment=assignment)
    ctx["summary"] = summary
    ctx["chart"] = bar_chart(
        [BarIn(label=label, count=n, right=False, colour_index=0) for label, n in summary.bins],
        wide_labels=True,
        title="Scores",
    )
    if screen == "dashboard":
        ctx["tracking"] = selectors.tracking(assignment=assignment)
        ctx["release_url"] = reverse("feedback:release", args=[assignment.pk])
        ctx["manage_url"] = reverse("feedback:assignment", args=[assignment.pk])
    return ctx


def feedback_configure_demo(*, activity: Activity) -> None:
    """The demo lesson's feedback item, bound to the demo course's first assignment (which
    ``load_demo_feedback`` writes for the roster)."""
    assignment = demo_feedback_load(course=activity.lesson.course)
    FeedbackActivity.objects.update_or_create(
        activity=activity, defaults={"assignment": assignment}
    )


def feedback_manage_url(activity: Activity) -> str | None:
    assignment = _bound(activity)
    if assignment is not None:
        return reverse("feedback:assignment", args=[assignment.pk])
    return reverse("feedback:course", args=[activity.lesson.course_id])


def feedback_recap(
    *, session: LiveSession, activity: Activity, participant: Participant
) -> Recap | None:
    """A rostered student's released feedback on the bound assignment: its score and link."""
    assignment = _bound(activity)
    if assignment is None or participant.student_id is None or not assignment.is_released:
        return None
    mine = Feedback.objects.filter(assignment=assignment, student_id=participant.student_id).first()
    if mine is None:
        return None
    figure = ""
    if mine.score is not None:  # 7.5/10: no trailing zeros, no exponent
        figure = f"{mine.score.normalize():f}/{assignment.max_score.normalize():f}"
    return Recap(
        text=f"Your feedback on {assignment.title}",
        figure=figure,
        url=reverse("feedback:mine", args=[assignment.pk]),
    )


FEEDBACK = register(
    ActivityKind(
        key=services.FEEDBACK_KIND,
        label="Feedback",
        template="feedback/feedback.html",
        context=feedback_context,
        configure_demo=feedback_configure_demo,
        styles=("feedback/feedback.css",),
        manage_url=feedback_manage_url,
        student_page=StudentPage("Your assignment feedback", "feedback:mine-all"),
        recap=feedback_recap,
    )
)
