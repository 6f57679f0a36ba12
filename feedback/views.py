"""Feedback's views: the instructor's assignment page (the grid, the comment bank, the file
import, release, tracking, queries, exports) and a student's own feedback pages.

Instructor views need an instructor of the assignment's course (404 for anyone else). A
student's views find the student this browser signed in as with their personal link and show
only their own released feedback (404 for anything else, drafts included).
"""

from __future__ import annotations

import csv
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from classroom.kinds import (
    BadInput,
    clean_text,
    parse_id,
    public_base,
    signed_in_student,
    signed_in_students,
    taught_by,
)
from classroom.models import Course

from . import importing, selectors, services
from .models import Assignment, BankComment, Feedback

UPLOAD_MAX = 2_000_000


# --- the instructor ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def course(request: HttpRequest, course_id: int) -> HttpResponse:
    """A course's assignments, and a new one (title, maximum, rubric lines "points | text")."""
    found = taught_by(
        Course.objects, user=request.user, pk=course_id, course_path="", what="course"
    )
    error = None
    if request.method == "POST":
        try:
            assignment = services.assignment_create(
                course=found,
                title=request.POST.get("title", ""),
                max_score=_decimal(request.POST.get("max_score"), "the maximum score"),
                rubric=_rubric_lines(request.POST.get("rubric", "")),
            )
        except (services.FeedbackError, BadInput) as exc:
            error = str(exc)
        else:
            return redirect("feedback:assignment", assignment_id=assignment.pk)
    return render(
        request,
        "feedback/course.html",
        {
            "course": found,
            "assignments": selectors.assignments_of_course(course_id=found.pk),
            "error": error,
            "form": request.POST,
        },
        status=400 if error else 200,
    )


def _decimal(raw: str | None, what: str) -> Decimal:
    try:
        return Decimal((raw or "").strip().replace(",", "."))
    except InvalidOperation:
        raise services.FeedbackError(f"{what} must be a number") from None


def _rubric_lines(text: str) -> list[services.RubricLine]:
    """Rubric lines as typed: ``+2 | Clear code`` or ``-1 | No tests``, one a line."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        points, sep, words = line.partition("|")
        if not sep:
            raise services.FeedbackError(f"rubric line {number}: write points | text")
        lines.append(services.RubricLine(_decimal(points, f"rubric line {number}'s points"), words))
    return lines


def _page(request: HttpRequest, assignment: Assignment, status: int = 200, **extra) -> HttpResponse:
    ctx = {
        "assignment": assignment,
        "course": assignment.course,
        "rows": selectors.grid_rows(assignment=assignment),
        "rubric": list(assignment.rubric.all()),
        "bank": selectors.bank_of(assignment=assignment),
        "tracking": selectors.tracking(assignment=assignment),
        "queries": selectors.open_queries(assignment=assignment),
        **extra,
    }
    return render(request, "feedback/assignment.html", ctx, status=status)


@require_GET
@login_required
def assignment_page(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    return _page(request, assignment)


@require_POST
@login_required
def row_save(request: HttpRequest, assignment_id: int, student_id: int) -> HttpResponse:
    """Save one grid row as it is edited: its score, rubric items and comments."""
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    student = assignment.course.students.filter(pk=student_id).first()
    if student is None:
        raise Http404("No such student on this roster")
    error = None
    try:
        item_ids = [parse_id(raw, what="a rubric item") for raw in request.POST.getlist("rubric")]
        services.feedback_save(
            assignment=assignment,
            student=student,
            score=request.POST.get("score", ""),
            comments=request.POST.get("comments", ""),
            rubric_item_ids=item_ids,
            user=request.user,
        )
    except (services.FeedbackError, BadInput) as exc:
        error = str(exc)
    row = next(r for r in selectors.grid_rows(assignment=assignment) if r.student.pk == student.pk)
    ctx = {
        "assignment": assignment,
        "row": row,
        "rubric": list(assignment.rubric.all()),
        "bank": selectors.bank_of(assignment=assignment),
        "row_error": error,
        "typed": request.POST if error else None,
    }
    if not request.htmx:
        if error:
            messages.error(request, f"{student.name}: {error}")
        return redirect("feedback:assignment", assignment_id=assignment.pk)
    return render(request, "feedback/assignment.html#row", ctx, status=400 if error else 200)


@require_POST
@login_required
def bank_add(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    try:
        services.bank_comment_add(assignment=assignment, text=request.POST.get("text", ""))
    except BadInput as exc:
        messages.error(request, str(exc))
    return redirect("feedback:assignment", assignment_id=assignment.pk)


@require_POST
@login_required
def bank_apply(request: HttpRequest, comment_id: int, student_id: int) -> HttpResponse:
    """Apply a bank comment to one student's comments (a click in their row)."""
    comment = taught_by(
        BankComment.objects.select_related("assignment__course"),
        user=request.user,
        pk=comment_id,
        course_path="assignment__course",
        what="comment",
    )
    assignment = comment.assignment
    student = assignment.course.students.filter(pk=student_id).first()
    if student is None:
        raise Http404("No such student on this roster")
    services.bank_comment_apply(comment=comment, student=student, user=request.user)
    if not request.htmx:
        return redirect("feedback:assignment", assignment_id=assignment.pk)
    row = next(r for r in selectors.grid_rows(assignment=assignment) if r.student.pk == student.pk)
    ctx = {
        "assignment": assignment,
        "row": row,
        "rubric": list(assignment.rubric.all()),
        "bank": selectors.bank_of(assignment=assignment),
    }
    return render(request, "feedback/assignment.html#row", ctx)


@require_POST
@login_required
def release(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Release now, schedule a release, or cancel a scheduled one; remind who has not looked."""
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    action = request.POST.get("action", "")
    try:
        if action == "now":
            services.release_now(assignment=assignment, base_url=public_base(request))
            messages.success(request, "Released: every student is being emailed their link.")
        elif action == "schedule":
            at = _when(request.POST.get("release_at", ""))
            services.release_schedule(assignment=assignment, at=at, base_url=public_base(request))
            messages.success(
                request, f"The release is scheduled for {timezone.localtime(at):%d %b %H:%M}."
            )
        elif action == "unschedule":
            services.release_unschedule(assignment=assignment)
        elif action == "remind":
            number = assignment.feedback.filter(emails__kind="reminder").count() + 1
            sent = services.reminders_send(
                assignment=assignment, number=number, base_url=public_base(request)
            )
            messages.success(request, f"Reminded {sent} student{'s' if sent != 1 else ''}.")
        else:
            raise services.FeedbackError(f"unknown action {action!r}")
    except services.FeedbackError as exc:
        messages.error(request, str(exc).capitalize())
    back = request.POST.get("next", "")
    if back.startswith("/teach/sessions/"):
        return redirect(back)
    return redirect("feedback:assignment", assignment_id=assignment.pk)


def _when(raw: str) -> datetime:
    parsed = parse_datetime(raw.strip())
    if parsed is None:
        raise services.FeedbackError("choose the date and time of the release")
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@require_POST
@login_required
def query_answer(request: HttpRequest, query_id: int) -> HttpResponse:
    query = selectors.query_for_instructor(user=request.user, query_id=query_id)
    try:
        services.query_answer(
            query=query, answer=request.POST.get("answer", ""), base_url=public_base(request)
        )
    except (services.FeedbackError, BadInput) as exc:
        messages.error(request, str(exc).capitalize())
    else:
        messages.success(request, f"Answered; {query.feedback.student.name} is emailed.")
    return redirect("feedback:assignment", assignment_id=query.feedback.assignment_id)


@require_POST
@login_required
def upload(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """A feedback file (this site's, nbgrader's or Moodle's layout): a preview, or each problem
    with its line number; imported only when confirmed, all or nothing."""
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    text = request.POST.get("csv_text", "")
    file = request.FILES.get("file")
    if file is not None:
        if file.size > UPLOAD_MAX:
            return _page(request, assignment, 400, import_error="that file is over 2 MB")
        try:
            text = file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return _page(request, assignment, 400, import_error="that file is not UTF-8 text")
    parsed = importing.feedback_file_parse(text, assignment=assignment)
    if parsed.ok and request.POST.get("confirm") == "yes":
        result = importing.feedback_import(assignment=assignment, parsed=parsed, user=request.user)
        messages.success(
            request,
            f"Imported: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged.",
        )
        return redirect("feedback:assignment", assignment_id=assignment.pk)
    return _page(request, assignment, 200 if parsed.ok else 400, parsed=parsed, csv_text=text)


@require_GET
@login_required
def export(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(assignment.title)[:60] or "feedback"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    importing.feedback_file_write(assignment=assignment, out=response)
    return response


@require_GET
@login_required
def tracking_csv(request: HttpRequest, assignment_id: int) -> HttpResponse:
    assignment = selectors.assignment_for_instructor(user=request.user, assignment_id=assignment_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = slugify(assignment.title)[:60] or "feedback"
    response["Content-Disposition"] = f'attachment; filename="{name}-tracking.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["student_number", "name", "released", "first_viewed", "last_viewed", "acknowledged",
         "queries_open", "queries_answered"]
    )  # fmt: skip
    for row in selectors.tracking(assignment=assignment).rows:
        f = row.feedback
        writer.writerow(
            [
                f.student.student_number,
                f.student.name,
                "yes" if assignment.is_released else "no",
                f.first_viewed_at.isoformat() if f.first_viewed_at else "",
                f.last_viewed_at.isoformat() if f.last_viewed_at else "",
                f.acknowledged_at.isoformat() if f.acknowledged_at else "",
                row.open_queries,
                row.answered_queries,
            ]
        )
    return response


# --- the student ---------------------------------------------------------------------------


def _student_for(request: HttpRequest, assignment_id: int):
    course_id = (
        Assignment.objects.filter(pk=assignment_id).values_list("course_id", flat=True).first()
    )
    student = signed_in_student(request, course_id=course_id) if course_id else None
    if student is None:
        raise Http404("Open your personal sign-in link first")
    return student


def _mine_page(request: HttpRequest, feedback: Feedback, **extra) -> HttpResponse:
    status = extra.pop("status", 200)
    ctx = {
        "feedback": feedback,
        "assignment": feedback.assignment,
        "applied": list(feedback.rubric_items.all()),
        "rubric": list(feedback.assignment.rubric.all()),
        "queries": list(feedback.queries.all()),
        **extra,
    }
    template = "feedback/mine.html#actions" if request.htmx else "feedback/mine.html"
    return render(request, template, ctx, status=status)


@require_GET
def mine_all(request: HttpRequest) -> HttpResponse:
    students = signed_in_students(request)
    if not students:
        raise Http404("Open your personal sign-in link first")
    rows = [(s, list(selectors.released_feedback_of(student=s))) for s in students]
    return render(request, "feedback/mine_all.html", {"rows": rows})


@require_GET
def mine(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """A student's own feedback on one assignment; opening it records it as viewed."""
    student = _student_for(request, assignment_id)
    feedback = selectors.feedback_of_student(student=student, assignment_id=assignment_id)
    services.feedback_viewed(feedback=feedback)
    feedback.refresh_from_db()
    return _mine_page(request, feedback)


@require_POST
def acknowledge(request: HttpRequest, assignment_id: int) -> HttpResponse:
    student = _student_for(request, assignment_id)
    feedback = selectors.feedback_of_student(student=student, assignment_id=assignment_id)
    services.feedback_acknowledge(feedback=feedback)
    if not request.htmx:
        return redirect("feedback:mine", assignment_id=assignment_id)
    feedback.refresh_from_db()
    return _mine_page(request, feedback)


@require_POST
def ask(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Ask about the mark, overall or about one rubric item, with a reason."""
    student = _student_for(request, assignment_id)
    feedback = selectors.feedback_of_student(student=student, assignment_id=assignment_id)
    raw_item = request.POST.get("rubric_item", "")
    try:
        item_id = parse_id(raw_item, what="a rubric item") if raw_item else None
        reason = clean_text(request.POST.get("reason", ""), what="your reason", max_length=2000)
        services.query_ask(
            feedback=feedback,
            reason=reason,
            rubric_item_id=item_id,
            key=request.headers.get("Idempotency-Key", ""),
        )
    except (services.FeedbackError, BadInput) as exc:
        if not request.htmx:
            messages.error(request, str(exc).capitalize())
            return redirect("feedback:mine", assignment_id=assignment_id)
        return _mine_page(
            request, feedback, ask_error=str(exc), reason=request.POST.get("reason", ""), status=400
        )
    if not request.htmx:
        return redirect("feedback:mine", assignment_id=assignment_id)
    return _mine_page(request, feedback, asked=True)
