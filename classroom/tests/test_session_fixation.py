"""Session fixation: a session id planted in a phone before it signs in or joins is not the one
it is signed in with afterwards (classroom.identity rotates the key)."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

COOKIE = settings.SESSION_COOKIE_NAME


def planted_session() -> tuple[Client, str]:
    """An attacker's browser with a session the site gave it (a wrong join code makes one),
    and that session's id, to plant in a victim's phone."""
    attacker = Client()
    attacker.post("/", {"code": "WRONG1"})
    session_id = attacker.cookies[COOKIE].value
    assert session_id
    return attacker, session_id


def phone_with(session_id: str) -> Client:
    phone = Client()
    phone.cookies[COOKIE] = session_id
    return phone


def test_a_planted_session_id_does_not_read_me_after_signing_in_by_link(student):
    attacker, planted = planted_session()
    victim = phone_with(planted)

    victim.get(f"/s/{student.signin_token}/")

    assert victim.cookies[COOKIE].value != planted
    assert "Ann Lee" not in attacker.get("/me/").content.decode()


def test_the_phone_that_signed_in_by_link_reads_me(student):
    _attacker, planted = planted_session()
    victim = phone_with(planted)

    victim.get(f"/s/{student.signin_token}/")

    assert "Ann Lee" in victim.get("/me/").content.decode()


def test_a_planted_session_id_is_not_the_participant_after_signing_in_into_a_session(
    session, student
):
    attacker, planted = planted_session()
    victim = phone_with(planted)

    response = victim.get(f"/s/{student.signin_token}/")

    assert response["Location"] == f"/live/{session.join_code}/"
    assert attacker.get(f"/live/{session.join_code}/").status_code == 302
    assert victim.get(f"/live/{session.join_code}/").status_code == 200


def test_a_planted_session_id_is_not_the_guest_after_joining(session):
    attacker, planted = planted_session()
    victim = phone_with(planted)

    response = victim.post(f"/j/{session.join_code}/", {"display_name": "Bo"})

    assert response.status_code == 302
    assert victim.cookies[COOKIE].value != planted
    refused = attacker.get(f"/live/{session.join_code}/")
    assert refused.status_code == 302
    assert refused["Location"] == f"/j/{session.join_code}/"


def test_the_phone_that_joined_as_a_guest_reaches_the_live_page(session):
    _attacker, planted = planted_session()
    victim = phone_with(planted)

    victim.post(f"/j/{session.join_code}/", {"display_name": "Bo"})

    page = victim.get(f"/live/{session.join_code}/")
    assert page.status_code == 200
    assert "Bo" in page.content.decode()
