"""Every write of assignment feedback: assignments and rubrics, each student's feedback, the
comment bank, release (now or scheduled), what students do with it, queries and emails.

Emails go through Celery after the commit, one task per student and email: the :class:`Email`
row is written first (a database constraint keeps one per student, kind and reference), and the
task marks it sent after the send, so a task run twice, or sent again by the sweeper, never
sends twice; a failed send is retried with backoff.

Editing feedback after its release keeps what it said before (:class:`FeedbackEdit`): a student
may have read it, and a query must be able to refer to it. Nothing is refused for being
released, so a mistake can always be put right.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import mailers
from django.core.mail.message import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from classroom.kinds import Audience, TransitionError, clean_text, state_changed, task_enqueue
from classroom.models import Course, LiveSession, Student

from .models import Assignment, BankComment, Email, Feedback, FeedbackEdit, Query, RubricItem

logger = logging.getLogger(__name__)

FEEDBACK_KIND = "feedback"
COMMENTS_MAX = 20_000
REASON_MAX = 2_000
State = Assignment.State


class FeedbackError(TransitionError):
    """A feedback step that is not allowed now, or bad input; the message says which."""


def score_parse(raw: object, *, maximum: Decimal) -> Decimal | None:
    """A score typed by an instructor: empty is none; otherwise a number from 0 to the maximum
    (a decimal comma is read as a point)."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise FeedbackError(f"the score {text!r} is not a number") from None
    if not value.is_finite():
        raise FeedbackError(f"the score {text!r} is not a number")
    if value < 0 or value > maximum:
        raise FeedbackError(f"the score {value:g} is not between 0 and the maximum, {maximum:g}")
    return value.quantize(Decimal("0.01"))


# --- assignments ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RubricLine:
    points: Decimal
    text: str


@transaction.atomic
def assignment_create(
    *,
    course: Course,
    title: str,
    max_score: Decimal,
    rubric: Sequence[RubricLine] = (),
    due_at: datetime | None = None,
) -> Assignment:
    title = clean_text(title, what="the title", max_length=200)
    if max_score <= 0:
        raise FeedbackError("the maximum score must be above 0")
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                course=course, title=title, max_score=max_score, due_at=due_at
            )
    except IntegrityError:
        raise FeedbackError(f"{course.code} already has an assignment called {title}") from None
    rubric_set(assignment=assignment, rubric=rubric)
    return assignment


@transaction.atomic
def rubric_set(*, assignment: Assignment, rubric: Sequence[RubricLine]) -> list[RubricItem]:
    """Make the rubric these lines, in order, keeping the items whose position stays (so the
    feedback that applied them keeps them)."""
    kept = []
    for position, line in enumerate(rubric, start=1):
        text = clean_text(line.text, what=f"rubric item {position}", max_length=2_000)
        item, _created = RubricItem.objects.update_or_create(
            assignment=assignment, position=position, defaults={"points": line.points, "text": text}
        )
        kept.append(item)
    RubricItem.objects.filter(assignment=assignment, position__gt=len(rubric)).delete()
    return kept


# --- writing feedback ----------------------------------------------------------------------


def _snapshot(feedback: Feedback, user: AbstractBaseUser | None) -> None:
    FeedbackEdit.objects.create(
        feedback=feedback,
        score=feedback.score,
        comments=feedback.comments,
        rubric=sorted(feedback.rubric_items.values_list("position", flat=True)),
        edited_by=getattr(user, "username", "") or "import",
    )


@transaction.atomic
def feedback_save(
    *,
    assignment: Assignment,
    student: Student,
    score: object = None,
    comments: str = "",
    rubric_item_ids: Iterable[int] = (),
    user: AbstractBaseUser | None = None,
) -> Feedback:
    """Write one student's feedback (a grid row); all or nothing. After the release the
    previous version is kept and the student's screens are told."""
    if student.course_id != assignment.course_id:
        raise FeedbackError(f"{student.name} is not on the roster of {assignment.course.code}")
    value = score_parse(score, maximum=assignment.max_score)
    comments = clean_text(comments, what="the comments", max_length=COMMENTS_MAX, required=False)
    items = list(RubricItem.objects.filter(assignment=assignment, pk__in=list(rubric_item_ids)))
    wanted = set(rubric_item_ids)
    if len(items) != len(wanted):
        raise FeedbackError("a rubric item chosen is not one of this assignment's")
    feedback, created = Feedback.objects.select_for_update().get_or_create(
        assignment=assignment, student=student
    )
    changed = (
        feedback.score != value
        or feedback.comments != comments
        or set(feedback.rubric_items.values_list("pk", flat=True)) != wanted
    )
    if not created and changed and _released(assignment.pk):
        _snapshot(feedback, user)
    feedback.score, feedback.comments = value, comments
    feedback.save(update_fields=["score", "comments", "updated_at"])
    feedback.rubric_items.set(items)
    return feedback


@transaction.atomic
def bank_comment_add(*, assignment: Assignment, text: str) -> BankComment:
    text = clean_text(text, what="the comment", max_length=COMMENTS_MAX)
    comment, _created = BankComment.objects.get_or_create(assignment=assignment, text=text)
    return comment


@transaction.atomic
def bank_comment_apply(
    *, comment: BankComment, student: Student, user: AbstractBaseUser | None = None
) -> Feedback:
    """Add a bank comment to a student's comments (once: applying it twice adds nothing)."""
    assignment = comment.assignment
    feedback, _created = Feedback.objects.get_or_create(assignment=assignment, student=student)
    if comment.text in feedback.comments:
        return feedback
    comments = f"{feedback.comments.rstrip()}\n\n{comment.text}".strip()
    BankComment.objects.filter(pk=comment.pk).update(uses=F("uses") + 1)
    return feedback_save(
        assignment=assignment,
        student=student,
        score=feedback.score,
        comments=comments,
        rubric_item_ids=feedback.rubric_items.values_list("pk", flat=True),
        user=user,
    )


# --- release -------------------------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment:
    return Assignment.objects.select_for_update().get(pk=assignment.pk)


@transaction.atomic
def release_now(
    *, assignment: Assignment, base_url: str, now: datetime | None = None
) -> Assignment:
    """Release an assignment's feedback to every student who has some: each is emailed their
    link, after the commit. Refused when already released."""
    assignment = _locked(assignment)
    if assignment.state == State.RELEASED:
        raise FeedbackError("this feedback was released already")
    assignment.state = State.RELEASED
    assignment.released_at = now or timezone.now()
    assignment.save(update_fields=["state", "released_at"])
    for feedback in Feedback.objects.filter(assignment=assignment):
        email_queue(feedback=feedback, kind=Email.Kind.RELEASED, ref="1", base_url=base_url)
    _tell_sessions(assignment, Audience.EVERYONE)
    return assignment


@transaction.atomic
def release_schedule(
    *, assignment: Assignment, at: datetime, base_url: str, now: datetime | None = None
) -> Assignment:
    """Release at ``at``: a task is sent for that time, and beat's sweeper releases it if the
    task is lost."""
    assignment = _locked(assignment)
    if assignment.state == State.RELEASED:
        raise FeedbackError("this feedback was released already")
    if at <= (now or timezone.now()):
        raise FeedbackError("choose a release time in the future, or release now")
    assignment.state, assignment.release_at = State.SCHEDULED, at
    assignment.release_base_url = base_url
    assignment.save(update_fields=["state", "release_at", "release_base_url"])
    from .tasks import assignment_release_due_task  # the task module imports these services

    task_enqueue(assignment_release_due_task, args=[assignment.pk], eta=at)
    return assignment


@transaction.atomic
def release_unschedule(*, assignment: Assignment) -> Assignment:
    assignment = _locked(assignment)
    if assignment.state != State.SCHEDULED:
        raise FeedbackError(
            f"the feedback is {assignment.get_state_display().lower()}, not scheduled"
        )
    assignment.state, assignment.release_at = State.DRAFT, None
    assignment.save(update_fields=["state", "release_at"])
    return assignment


def release_if_due(*, assignment_id: int, now: datetime | None = None) -> bool:
    """Release a scheduled assignment whose time has come; safe to call early, late or twice."""
    now = now or timezone.now()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().filter(pk=assignment_id).first()
        if assignment is None or assignment.state != State.SCHEDULED:
            return False
        if assignment.release_at > now:
            return False
        release_now(assignment=assignment, base_url=assignment.release_base_url, now=now)
    return True


def releases_sweep(*, now: datetime | None = None) -> int:
    """Release every scheduled assignment past its time (beat's schedule); how many."""
    now = now or timezone.now()
    due = Assignment.objects.filter(state=State.SCHEDULED, release_at__lte=now)
    return sum(release_if_due(assignment_id=pk, now=now) for pk in due.values_list("pk", flat=True))


def _tell_sessions(assignment: Assignment, audience: Audience = Audience.SCREENS) -> None:
    """Live sessions showing this assignment's feedback item redraw ``audience``'s screens: a
    release changes what phones show; a view, a "read" or a query only the room's counts."""
    sessions = LiveSession.objects.filter(
        current_activity__feedback_activity__assignment=assignment
    ).exclude(status=LiveSession.Status.ENDED)
    for session_id in sessions.values_list("pk", flat=True):
        state_changed(session_id=session_id, audience=audience)


# --- emails --------------------------------------------------------------------------------


def email_queue(*, feedback: Feedback, kind: str, ref: str, base_url: str) -> Email | None:
    """Write the email's row and send it after the commit; an email already written (the same
    student, kind and reference) is not written or sent again. ``base_url`` is the site's
    address as students reach it, for the link."""
    try:
        with transaction.atomic():
            email = Email.objects.create(feedback=feedback, kind=kind, ref=ref, base_url=base_url)
    except IntegrityError:
        return None
    from .tasks import email_send_task  # the task module imports these services

    task_enqueue(email_send_task, args=[email.pk])
    return email


def email_send(*, email_id: int) -> Email | None:
    """Send one email unless it was sent; mark it sent. Raises the mail backend's error (the
    task retries it). The email holds the student's sign-in link, never the feedback."""
    with transaction.atomic():
        email = (
            Email.objects.select_for_update()
            .select_related("feedback__student__course", "feedback__assignment")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.sent_at is not None:
            return email
        email.tries += 1
        email.save(update_fields=["tries"])
    student = email.feedback.student
    if not student.email or not student.signin_token:
        Email.objects.filter(pk=email.pk).update(error="no email address or sign-in link")
        return email
    message = _message(email)
    try:
        with mailers.default as connection:
            connection.send_messages([message])
    except Exception as exc:
        Email.objects.filter(pk=email.pk).update(error=f"{type(exc).__name__}: {exc}")
        raise
    Email.objects.filter(pk=email.pk, sent_at__isnull=True).update(sent_at=timezone.now(), error="")
    email.refresh_from_db()
    return email


def _message(email: Email) -> EmailMessage:
    feedback, student = email.feedback, email.feedback.student
    assignment = feedback.assignment
    link = f"{email.base_url}/s/{student.signin_token}/?next=/feedback/mine/{assignment.pk}/"
    opening = {
        Email.Kind.RELEASED: f"Your feedback on {assignment.title} is ready.",
        Email.Kind.REMINDER: (
            f"Your feedback on {assignment.title} is waiting: you have not opened it yet."
        ),
        Email.Kind.ANSWERED: f"Your question about your mark for {assignment.title} has an answer.",
    }[email.kind]
    body = (
        f"Hello {student.name},\n\n{opening}\n\nOpen it with your personal link (it signs this "
        f"device in for {student.course.code}):\n\n{link}\n\n"
        "The link is personal: do not share it.\n"
    )
    subjects = {
        Email.Kind.RELEASED: "your feedback is ready",
        Email.Kind.REMINDER: "your feedback is waiting",
        Email.Kind.ANSWERED: "your question has an answer",
    }
    return EmailMessage(
        subject=f"{student.course.code} {assignment.title}: {subjects[email.kind]}",
        body=body,
        to=[student.email],
    )


EMAIL_STALE_AFTER = timedelta(minutes=2)
EMAIL_TRIES = 8


def emails_sweep(*, now: datetime | None = None) -> int:
    """Send again the emails a lost task left unsent (written a while ago, tries left)."""
    stale = (now or timezone.now()) - EMAIL_STALE_AFTER
    pending = Email.objects.filter(
        sent_at__isnull=True, created_at__lt=stale, tries__lt=EMAIL_TRIES
    ).values_list("pk", flat=True)
    from .tasks import email_send_task  # the task module imports these services

    count = 0
    for pk in pending:
        task_enqueue(email_send_task, args=[pk])
        count += 1
    return count


def reminders_send(*, assignment: Assignment, number: int, base_url: str) -> int:
    """Remind every student who has not opened their released feedback; ``number`` names this
    reminder, so pressing the button twice by accident sends one. How many were queued."""
    if not _released(assignment.pk):
        raise FeedbackError("the feedback is not released yet: release it first")
    sent = 0
    with transaction.atomic():
        for feedback in Feedback.objects.filter(
            assignment=assignment, first_viewed_at__isnull=True
        ):
            reminder = email_queue(
                feedback=feedback, kind=Email.Kind.REMINDER, ref=str(number), base_url=base_url
            )
            if reminder is not None:
                sent += 1
    return sent


# --- the student's side --------------------------------------------------------------------


def _released(assignment_id: int) -> bool:
    # Read now, not from the caller's copy: a release may have happened since it was read.
    return Assignment.objects.filter(pk=assignment_id, state=State.RELEASED).exists()


def _visible(feedback: Feedback) -> None:
    if not _released(feedback.assignment_id):
        raise FeedbackError("this feedback is not released yet")


def feedback_viewed(*, feedback: Feedback, now: datetime | None = None) -> None:
    """Record that the student opened their released feedback (first and last time)."""
    if not _released(feedback.assignment_id):
        return
    now = now or timezone.now()
    first = Feedback.objects.filter(pk=feedback.pk, first_viewed_at__isnull=True).update(
        first_viewed_at=now
    )
    Feedback.objects.filter(pk=feedback.pk).update(last_viewed_at=now, views=F("views") + 1)
    if first:
        # Only a first view changes the room's count; a phone re-rendering tells nobody.
        _tell_sessions(feedback.assignment)


@transaction.atomic
def feedback_acknowledge(*, feedback: Feedback, now: datetime | None = None) -> Feedback:
    _visible(feedback)
    if feedback.acknowledged_at is None:
        feedback.acknowledged_at = now or timezone.now()
        feedback.first_viewed_at = feedback.first_viewed_at or feedback.acknowledged_at
        feedback.save(update_fields=["acknowledged_at", "first_viewed_at"])
        _tell_sessions(feedback.assignment)
    return feedback


@transaction.atomic
def query_ask(
    *, feedback: Feedback, reason: str, rubric_item_id: int | None = None, key: str = ""
) -> Query:
    """A student asks about their mark, overall or about one rubric item."""
    _visible(feedback)
    key = clean_text(key, what="the request's key", max_length=64, required=False)
    if key:
        asked = Query.objects.filter(feedback=feedback, key=key).first()
        if asked is not None:
            return asked
    reason = clean_text(reason, what="your reason", max_length=REASON_MAX)
    item = None
    if rubric_item_id is not None:
        item = RubricItem.objects.filter(pk=rubric_item_id, assignment=feedback.assignment).first()
        if item is None:
            raise FeedbackError("that rubric item is not one of this assignment's")
    try:
        with transaction.atomic():
            query = Query.objects.create(
                feedback=feedback, rubric_item=item, reason=reason, key=key
            )
    except IntegrityError:
        return Query.objects.get(feedback=feedback, key=key)
    _tell_sessions(feedback.assignment)
    return query


@transaction.atomic
def query_answer(*, query: Query, answer: str, base_url: str, now: datetime | None = None) -> Query:
    """The instructor answers a query; the student is emailed that the answer came."""
    query = Query.objects.select_for_update().select_related("feedback").get(pk=query.pk)
    if query.state == Query.State.ANSWERED:
        raise FeedbackError("this query was answered already")
    query.answer = clean_text(answer, what="the answer", max_length=COMMENTS_MAX)
    query.state, query.answered_at = Query.State.ANSWERED, now or timezone.now()
    query.save(update_fields=["answer", "state", "answered_at"])
    email_queue(
        feedback=query.feedback, kind=Email.Kind.ANSWERED, ref=str(query.pk), base_url=base_url
    )
    _tell_sessions(query.feedback.assignment)
    return query
