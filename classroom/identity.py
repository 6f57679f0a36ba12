"""Who a browser is: the participant it plays in a live session, the students it signed in as.

A browser's Django session (kept for the term) holds ``p:<session id>`` → participant id for
every live session it joined, and ``students`` → {course id: sign-in token} for every personal
link it opened. Storing the token rather than the student means a revoked link signs the phone
out at its next request.
"""

from __future__ import annotations

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


def remember_student(request: HttpRequest, student: Student) -> None:
    students = dict(request.session.get(STUDENTS_KEY, {}))
    students[str(student.course_id)] = student.signin_token
    request.session[STUDENTS_KEY] = students


def signed_in_course_ids(request: HttpRequest) -> list[int]:
    return [int(course_id) for course_id in request.session.get(STUDENTS_KEY, {})]


def remember_participant(request: HttpRequest, participant: Participant) -> None:
    request.session[_participant_key(participant.session)] = participant.pk


def current_participant(request: HttpRequest, session: LiveSession) -> Participant | None:
    """The participant this browser plays in ``session``, joining a signed-in student on sight."""
    participant_id = request.session.get(_participant_key(session))
    if participant_id is not None:
        participant = (
            Participant.objects.select_related("student")
            .filter(pk=participant_id, session=session)
            .first()
        )
        if participant is not None and (
            participant.student is None
            or _stored_token(request, participant.student.course_id)
            == participant.student.signin_token
        ):
            return participant
    student = signed_in_student(request, course_id=session.lesson.course_id)
    if student is None or not session.is_open:
        return None
    participant = services.participant_join_student(session=session, student=student)
    remember_participant(request, participant)
    return participant
