"""Who a browser is: the participant it plays in a live session, the students it signed in as.

A browser's Django session (kept for the term) holds ``p:<session id>`` → participant id for
every live session it joined, and ``students`` → {course id: sign-in token} for every personal
link it opened. Storing the token rather than the student means a revoked link signs the phone
out at its next request.

Becoming someone new (opening a personal link, joining as a guest) gives the browser a new
session key, so that a session id planted before (session fixation) is not the victim's.
"""

from __future__ import annotations

from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from django.http import HttpRequest

from . import services
from .models import LiveSession, Participant, Student

STUDENTS_KEY = "students"


def _participant_key(session: LiveSession) -> str:
    return f"p:{session.pk}"


def _stored_token(request: HttpRequest, course_id: int) -> str | None:
    return request.session.get(STUDENTS_KEY, {}).get(str(course_id))


def signed_in_student(request: HttpRequest, *, course_id: int) -> Student | None:
    token = _stored_token(request, course_id)
    if not token:
        return None
    return Student.objects.filter(course_id=course_id, signin_token=token).first()


def signed_in_students(request: HttpRequest) -> list[Student]:
    """Every rostered student this browser signed in as by a personal link, one per course."""
    found = (
        signed_in_student(request, course_id=course_id)
        for course_id in signed_in_course_ids(request)
    )
    return [student for student in found if student is not None]


def remember_student(request: HttpRequest, student: Student) -> None:
    request.session.cycle_key()
    students = dict(request.session.get(STUDENTS_KEY, {}))
    students[str(student.course_id)] = student.signin_token
    request.session[STUDENTS_KEY] = students


def signed_in_course_ids(request: HttpRequest) -> list[int]:
    return [int(course_id) for course_id in request.session.get(STUDENTS_KEY, {})]


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    """Play ``participant`` in its session from now on. A guest is a new identity; a student's
    participant is the student this browser already signed in as (:func:`remember_student`).
    """
    if participant.student_id is None:
        request.session.cycle_key()
    request.session[_participant_key(participant.session)] = participant.pk
    request.session[_code_key(participant.session.join_code)] = participant.pk


def _code_key(join_code: str) -> str:
    return f"pc:{join_code}"


def joined_code(request: HttpRequest, join_code: str) -> bool:
    """Whether this browser joined a session with ``join_code`` (open or since ended); no query."""
    return _code_key(join_code) in request.session


def _still_signed_in(request: HttpRequest, participant: Participant) -> bool:
    """A guest stays; a student only while the link this phone opened is their current one."""
    student = participant.student
    return student is None or _stored_token(request, student.course_id) == student.signin_token


def _from_row[M: Model](model: type[M], values: dict[str, object]) -> M:
    """An instance with just these fields loaded (the others deferred, read on first use)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


@cache
def _participant_sql() -> str:
    participant, session, student = (
        Participant._meta.db_table,
        LiveSession._meta.db_table,
        Student._meta.db_table,
    )
    # Table names come from the models; every value is a parameter.
    return (
        "SELECT p.id, p.session_id, p.student_id, p.display_name, s.lesson_id, s.join_code, "  # noqa: S608
        "s.status, s.current_activity_id, s.version, st.course_id, st.name, st.signin_token "
        f"FROM {participant} p JOIN {session} s ON s.id = p.session_id "
        f"LEFT JOIN {student} st ON st.id = p.student_id "
        "WHERE p.id = %s AND s.join_code = %s AND s.status <> %s"
    )


def _participant_row(participant_id: int, join_code: str) -> Participant | None:
    """The participant, its open session and its student, by one plain SQL statement.

    This runs for every answer of every phone; building the same query through the ORM
    costs several times the database's own time, so it is written out once here.
    """
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(
            _participant_sql(), [participant_id, join_code, LiveSession.Status.ENDED.value]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    (pid, sid, stid, name, lesson_id, code, status, activity_id, version, course_id,
     student_name, token) = row  # fmt: skip
    found = _from_row(
        Participant,
        {"id": pid, "session_id": sid, "student_id": stid, "display_name": name},
    )
    found.session = _from_row(
        LiveSession,
        {
            "id": sid,
            "lesson_id": lesson_id,
            "join_code": code,
            "status": status,
            "current_activity_id": activity_id,
            "version": version,
        },
    )
    if stid is not None:
        found.student = _from_row(
            Student,
            {"id": stid, "course_id": course_id, "name": student_name, "signin_token": token},
        )
    return found


def participant_by_code(request: HttpRequest, join_code: str) -> Participant | None:
    """This browser's participant in the open session with ``join_code``, with its session (but
    not the session's lesson) in one query; None when it has none there (then use
    :func:`current_participant`).
    """
    participant_id = request.session.get(_code_key(join_code))
    if participant_id is None:
        return None
    participant = _participant_row(participant_id, join_code)
    if participant is None or not _still_signed_in(request, participant):
        return None
    return participant


def current_participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    """The participant this browser plays in ``session``, joining a signed-in student on sight."""
    participant_id = request.session.get(_participant_key(session))
    if participant_id is not None:
        participant = (
            Participant.objects.select_related("student")
            .filter(pk=participant_id, session=session)
            .first()
        )
        if participant is not None and _still_signed_in(request, participant):
            return participant
    student = signed_in_student(request, course_id=session.lesson.course_id)
    if student is None or not session.is_open:
        return None
    participant = services.participant_join_student(session=session, student=student)
    remember_participant(request, participant)
    return participant
