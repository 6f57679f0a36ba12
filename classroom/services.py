"""Every write of the core: courses, rosters, sign-in links, live sessions, participants.

Live state reaches the screens through the versions of :mod:`classroom.versions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import mailers
from django.core.mail.message import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from .kinds import registry
from .kinds.agenda import activity_append as activity_append
from .kinds.errors import TransitionError
from .kinds.inputs import has_control_characters, has_visible_character
from .markup import slide_parts
from .models import (
    Activity,
    Course,
    LiveSession,
    Participant,
    Student,
    new_join_code,
    new_token,
)
from .roster import RosterRow
from .versions import live_session_bump, live_version_publish

Status = LiveSession.Status


class JoinError(Exception):
    """A participant could not join; the message is meant for the person joining."""


# --- courses and rosters -------------------------------------------------------------------


@dataclass(frozen=True)
class RosterImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def roster_import(*, course: Course, rows: Iterable[RosterRow]) -> RosterImportResult:
    """Create or update students by student number; never duplicates, never deletes.

    Precondition: ``rows`` passed :func:`classroom.roster.roster_parse` without errors.
    """
    existing = {s.student_number: s for s in course.students.select_for_update()}
    created = updated = unchanged = 0
    for row in rows:
        student = existing.get(row.student_number)
        if student is None:
            Student.objects.create(
                course=course,
                name=row.name,
                student_number=row.student_number,
                email=row.email,
                signin_token=new_token(),
            )
            created += 1
        elif (student.name, student.email) != (row.name, row.email):
            student.name, student.email = row.name, row.email
            student.save(update_fields=["name", "email"])
            updated += 1
        else:
            unchanged += 1
    return RosterImportResult(created=created, updated=updated, unchanged=unchanged)


@transaction.atomic
def signin_link_reissue(*, student: Student) -> Student:
    """Give a student a new personal link; the old one stops working at once."""
    student.signin_token = new_token()
    student.save(update_fields=["signin_token"])
    return student


@transaction.atomic
def signin_link_revoke(*, student: Student) -> Student:
    student.signin_token = None
    student.save(update_fields=["signin_token"])
    return student


def signin_links_email(*, course: Course, base_url: str) -> int:
    """Email every rostered student with an address and a live link; returns how many."""
    students = list(course.students.exclude(email="").exclude(signin_token=None))
    messages = [
        EmailMessage(
            subject=f"Your sign-in link for {course.code}",
            body=(
                f"Hello {student.name},\n\n"
                f"Open this link on your phone to sign in to {course.title} for the term:\n\n"
                f"{base_url}/s/{student.signin_token}/\n\n"
                "It is personal: do not share it. Ask your instructor for a new one if it leaks.\n"
            ),
            to=[student.email],
        )
        for student in students
    ]
    with mailers.default as connection:
        connection.send_messages(messages)
    Student.objects.filter(pk__in=[s.pk for s in students]).update(link_sent_at=timezone.now())
    return len(messages)


# --- live sessions -------------------------------------------------------------------------


def live_session_start(*, lesson_id: int, user: AbstractBaseUser | None = None) -> LiveSession:
    """Open a live session of a lesson in its lobby, with a join code unique among open ones."""
    for _attempt in range(20):
        try:
            with transaction.atomic():
                session = LiveSession.objects.create(
                    lesson_id=lesson_id, join_code=new_join_code(), started_by=user
                )
                transaction.on_commit(partial(live_version_publish, session.pk))
                return session
        except IntegrityError:
            continue
    raise TransitionError("could not find a free join code; end some open sessions")


def _lock(session: LiveSession) -> LiveSession:
    return (
        LiveSession.objects.select_for_update(of=("self",))
        .select_related("current_activity")
        .get(pk=session.pk)
    )


def _call_hook(activity: Activity | None, hook: str, session: LiveSession) -> None:
    if activity is None:
        return
    kind = registry.get_kind(activity.kind)
    fn = getattr(kind, hook)
    if fn is not None:
        fn(session=session, activity=activity)


@transaction.atomic
def live_session_goto(
    *, session: LiveSession, activity_id: int, last_part: bool = False
) -> LiveSession:
    """Make one activity of the lesson current, closing the previous one; its slide shows
    from its first part (its last with ``last_part``, as going back arrives at it)."""
    session = _lock(session)
    if session.status == Status.ENDED:
        raise TransitionError("this session has ended")
    target = Activity.objects.filter(lesson_id=session.lesson_id, pk=activity_id).first()
    if target is None:
        raise TransitionError("that activity is not on this lesson's agenda")
    if session.current_activity_id == target.pk:
        return session
    _call_hook(session.current_activity, "on_close", session)
    session.current_activity = target
    session.status = Status.RUNNING
    session.slide_part = slide_part_count(target) - 1 if last_part else 0
    session.save(update_fields=["current_activity", "status", "slide_part"])
    _call_hook(target, "on_open", session)
    live_session_bump(session_id=session.pk)
    return session


def _neighbour(session: LiveSession, step: int) -> Activity | None:
    agenda = Activity.objects.filter(lesson_id=session.lesson_id)
    current = session.current_activity
    if current is None:
        return agenda.order_by("position").first() if step > 0 else None
    if step > 0:
        return agenda.filter(position__gt=current.position).order_by("position").first()
    return agenda.filter(position__lt=current.position).order_by("-position").first()


def slide_part_count(activity: Activity) -> int:
    """How many parts the activity's slide has: one, unless it is a note (the core's kind,
    :mod:`classroom.activity`) too long for one screen."""
    if activity.kind != "note":
        return 1
    return len(slide_parts(activity.body, title=activity.title))


def _part_show(session: LiveSession, part: int) -> LiveSession:
    session.slide_part = part
    session.save(update_fields=["slide_part"])
    live_session_bump(session_id=session.pk)
    return session


@transaction.atomic
def live_session_part(*, session: LiveSession, part: int) -> LiveSession:
    """Show part ``part`` (from 0) of the current activity's slide."""
    session = _lock(session)
    if session.status == Status.ENDED:
        raise TransitionError("this session has ended")
    if session.current_activity is None:
        raise TransitionError("the session is in the lobby")
    count = slide_part_count(session.current_activity)
    if not 0 <= part < count:
        raise TransitionError(f"this slide has {count} part{'s' if count > 1 else ''}")
    if part == session.slide_part:
        return session
    return _part_show(session, part)


@transaction.atomic
def live_session_next(*, session: LiveSession) -> LiveSession:
    """The current slide's next part, or else the next activity."""
    session = _lock(session)
    if session.status == Status.ENDED:
        raise TransitionError("this session has ended")
    current = session.current_activity
    if current is not None and session.slide_part + 1 < slide_part_count(current):
        return _part_show(session, session.slide_part + 1)
    target = _neighbour(session, +1)
    if target is None:
        raise TransitionError("this is the last activity of the agenda")
    return live_session_goto(session=session, activity_id=target.pk)


@transaction.atomic
def live_session_back(*, session: LiveSession) -> LiveSession:
    """The current slide's previous part, or else the previous activity at its last part."""
    session = _lock(session)
    if session.status == Status.ENDED:
        raise TransitionError("this session has ended")
    if session.current_activity is None:
        raise TransitionError("the session is in the lobby")
    if session.slide_part > 0:
        part = min(session.slide_part, slide_part_count(session.current_activity)) - 1
        return _part_show(session, part)
    target = _neighbour(session, -1)
    if target is None:
        _call_hook(session.current_activity, "on_close", session)
        session.current_activity = None
        session.status = Status.LOBBY
        session.save(update_fields=["current_activity", "status"])
        live_session_bump(session_id=session.pk)
        return session
    return live_session_goto(session=session, activity_id=target.pk, last_part=True)


@transaction.atomic
def live_session_end(*, session: LiveSession) -> LiveSession:
    session = _lock(session)
    if session.status == Status.ENDED:
        raise TransitionError("this session has already ended")
    _call_hook(session.current_activity, "on_close", session)
    session.status = Status.ENDED
    session.ended_at = timezone.now()
    session.save(update_fields=["status", "ended_at"])
    live_session_bump(session_id=session.pk)
    return session


def live_sessions_end_older(*, session: LiveSession) -> list[LiveSession]:
    """End every session of ``session``'s lesson still open and started before it (each as
    :func:`live_session_end` ends one: its phones show the class as over); the ones ended."""
    older = LiveSession.objects.filter(
        lesson_id=session.lesson_id, created_at__lt=session.created_at
    ).exclude(status=Status.ENDED)
    ended = []
    for stale in older:
        try:
            ended.append(live_session_end(session=stale))
        except TransitionError:
            continue  # ended meanwhile, from its own dashboard
    return ended


# --- participants --------------------------------------------------------------------------


def participant_join_student(*, session: LiveSession, student: Student) -> Participant:
    """The rostered student's one participant row in this session, created on first join."""
    if not session.is_open:
        raise JoinError("this session has ended")
    if student.course_id != session.lesson.course_id:
        raise JoinError("you are not on the roster of this course")
    try:
        with transaction.atomic():
            participant, created = Participant.objects.get_or_create(
                session=session, student=student, defaults={"display_name": student.name}
            )
            if created:
                live_session_bump(session_id=session.pk, phones=False)
    except IntegrityError:
        participant = Participant.objects.get(session=session, student=student)
    return participant


GUEST_NAME_MAX = 40


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


@transaction.atomic
def participant_join_guest(*, session: LiveSession, display_name: str) -> Participant:
    """A guest joins with the name the class will see.

    Refused, with a message for the person joining: a name with a control or direction
    character, one with nothing visible in it, one too long, and one that a rostered student of
    the course or someone already in the session goes by (so that nobody on the projector or a
    debate list can pass for somebody else).
    """
    if not session.is_open:
        raise JoinError("this session has ended")
    course = session.lesson.course
    if not course.allow_guests:
        raise JoinError("this course does not take guests: open your personal sign-in link instead")
    if has_control_characters(display_name):
        raise JoinError("that name has a character that cannot be shown: type it again")
    name = " ".join(display_name.split())
    if not has_visible_character(name):
        raise JoinError("type the name the class should see")
    if len(name) > GUEST_NAME_MAX:
        raise JoinError(f"a name can have at most {GUEST_NAME_MAX} characters")
    key = _name_key(name)
    taken = [*course.students.values_list("name", flat=True)]
    taken += session.participants.values_list("display_name", flat=True)
    if any(_name_key(other) == key for other in taken):
        raise JoinError(
            f"someone in this class already goes by {name}: add an initial or a nickname"
        )
    try:
        with transaction.atomic():
            participant = Participant.objects.create(session=session, display_name=name)
    except IntegrityError:
        raise JoinError(
            f"someone in this class already goes by {name}: add an initial or a nickname"
        ) from None
    live_session_bump(session_id=session.pk, phones=False)
    return participant
