"""Phones join, follow the session by polling, and keep their place."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client

from classroom import services
from classroom.models import JOIN_CODE_ALPHABET, LiveSession, Participant
from classroom.versions import version_cache_key


def shown_version(html: str) -> str:
    return re.search(r"/poll/\?v=(\d+)", html).group(1)


def test_join_code_uses_only_unambiguous_characters(session):
    assert len(session.join_code) == 6
    assert set(session.join_code) <= set(JOIN_CODE_ALPHABET)
    assert not set("01OILZ2S5B8") & set(JOIN_CODE_ALPHABET)


def test_typing_the_code_in_lower_case_leads_to_the_session(session):
    response = Client().post("/", {"code": f" {session.join_code.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/j/{session.join_code}/"


def test_wrong_code_is_refused_with_a_message_naming_it(session):
    response = Client().post("/", {"code": "QQQQQQ"})
    assert response.status_code == 400
    assert "No class is running with the code QQQQQQ" in response.content.decode()


def test_guest_joins_with_a_name_and_reaches_the_live_page(session):
    phone = Client()
    response = phone.post(f"/j/{session.join_code}/", {"display_name": "  Bo   Diddley "})
    assert response.status_code == 302
    participant = Participant.objects.get(session=session)
    assert participant.display_name == "Bo Diddley"
    assert participant.is_guest
    assert "Bo Diddley" in phone.get(f"/live/{session.join_code}/").content.decode()


def test_guest_with_an_empty_name_is_told_and_nothing_is_saved(session):
    response = Client().post(f"/j/{session.join_code}/", {"display_name": "   "})
    assert response.status_code == 400
    assert "type the name the class should see" in response.content.decode()
    assert not Participant.objects.exists()


def test_guests_are_refused_when_the_course_takes_none(session, course):
    course.allow_guests = False
    course.save()
    response = Client().post(f"/j/{session.join_code}/", {"display_name": "Bo"})
    assert response.status_code == 400
    assert "does not take guests" in response.content.decode()
    assert not Participant.objects.exists()


def test_reloading_returns_the_same_participant(guest_phone, session):
    first = guest_phone.get(f"/live/{session.join_code}/")
    again = guest_phone.get(f"/live/{session.join_code}/")
    reopened = guest_phone.get(f"/j/{session.join_code}/")
    assert first.status_code == again.status_code == 200
    assert reopened["Location"] == f"/live/{session.join_code}/"
    assert Participant.objects.filter(session=session).count() == 1


def test_personal_link_joins_the_running_session_as_that_student(session, student):
    phone = Client()
    response = phone.get(f"/s/{student.signin_token}/")
    assert response["Location"] == f"/live/{session.join_code}/"
    phone.get(f"/s/{student.signin_token}/")
    phone.get(f"/live/{session.join_code}/")
    participant = Participant.objects.get(session=session)
    assert participant.student == student
    assert participant.display_name == "Ann Lee"


def test_a_revoked_link_no_longer_signs_in(session, student):
    token = student.signin_token
    services.signin_link_revoke(student=student)
    response = Client().get(f"/s/{token}/")
    assert response.status_code == 404
    assert not Participant.objects.exists()


def test_a_phone_signed_in_by_a_revoked_link_is_signed_out(session, student):
    phone = Client()
    phone.get(f"/s/{student.signin_token}/")
    services.signin_link_reissue(student=student)
    response = phone.get(f"/live/{session.join_code}/")
    assert response.status_code == 302
    assert response["Location"] == f"/j/{session.join_code}/"


@pytest.mark.django_db(transaction=True)
def test_unchanged_poll_is_a_204_that_touches_no_database(
    guest_phone, session, django_assert_num_queries
):
    version = shown_version(guest_phone.get(f"/live/{session.join_code}/").content.decode())
    with django_assert_num_queries(0):
        response = guest_phone.get(
            f"/live/{session.join_code}/poll/?v={version}", HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 204
    assert response.content == b""


@pytest.mark.django_db(transaction=True)
def test_changed_poll_returns_the_new_activity(guest_phone, session):
    version = shown_version(guest_phone.get(f"/live/{session.join_code}/").content.decode())
    services.live_session_next(session=session)
    response = guest_phone.get(
        f"/live/{session.join_code}/poll/?v={version}", HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sigmoid" in html
    assert "<math" in html
    assert shown_version(html) != version


@pytest.mark.django_db(transaction=True)
def test_poll_falls_back_to_the_database_when_the_cache_lost_the_version(guest_phone, session):
    services.live_session_next(session=session)
    current = LiveSession.objects.get(pk=session.pk).version
    cache.delete(version_cache_key(session.join_code))
    response = guest_phone.get(
        f"/live/{session.join_code}/poll/?v={current}", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 204
    assert cache.get(version_cache_key(session.join_code)) == current


@pytest.mark.django_db(transaction=True)
def test_ended_session_tells_the_phone_class_is_over(guest_phone, session):
    version = shown_version(guest_phone.get(f"/live/{session.join_code}/").content.decode())
    services.live_session_end(session=session)
    response = guest_phone.get(
        f"/live/{session.join_code}/poll/?v={version}", HTTP_HX_REQUEST="true"
    )
    assert "Class is over" in response.content.decode()
    assert "/poll/" not in response.content.decode()


def test_poll_from_a_stranger_is_sent_to_the_join_page(session):
    response = Client().get(f"/live/{session.join_code}/poll/?v=0", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/"


def test_two_open_sessions_cannot_share_a_join_code(session, lesson):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(lesson=lesson, join_code=session.join_code)


def test_an_ended_sessions_code_can_be_used_again(session, lesson):
    services.live_session_end(session=session)
    again = LiveSession.objects.create(lesson=lesson, join_code=session.join_code)
    assert again.join_code == session.join_code


def test_qr_encodes_the_public_url_when_set(session, teacher_client, settings):
    from classroom.qr import qr_svg

    settings.PUBLIC_URL = "https://class.example.org"
    html = teacher_client.get(f"/teach/sessions/{session.pk}/projector/").content.decode()
    assert str(qr_svg(f"https://class.example.org/j/{session.join_code}/")) in html


def test_qr_encodes_the_address_the_instructor_used_without_public_url(
    session, teacher_client, settings
):
    settings.PUBLIC_URL = ""
    from classroom.qr import qr_svg

    html = teacher_client.get(
        f"/teach/sessions/{session.pk}/projector/", HTTP_HOST="10.1.2.3:8000"
    ).content.decode()
    assert str(qr_svg(f"http://10.1.2.3:8000/j/{session.join_code}/")) in html


def test_back_from_the_first_activity_returns_to_the_lobby(session):
    services.live_session_next(session=session)
    services.live_session_back(session=session)
    session.refresh_from_db()
    assert session.status == LiveSession.Status.LOBBY
    assert session.current_activity is None


def test_next_past_the_last_activity_is_refused_naming_why(session):
    last = session.lesson.activities.order_by("-position").first()
    services.live_session_goto(session=session, activity_id=last.pk)
    with pytest.raises(services.TransitionError, match="last activity"):
        services.live_session_next(session=session)


def test_an_ended_session_refuses_to_move(session):
    services.live_session_end(session=session)
    with pytest.raises(services.TransitionError, match="ended"):
        services.live_session_next(session=session)


def test_a_signed_in_student_finds_the_after_class_pages(session, student):
    phone = Client()
    phone.get(f"/s/{student.signin_token}/")
    html = phone.get("/me/").content.decode()
    assert "Ann Lee" in html
    assert "/quiz/mine/" in html


def test_a_guest_has_no_after_class_pages(guest_phone):
    html = guest_phone.get("/me/").content.decode()
    assert "/quiz/mine/" not in html
    assert "not signed in to a course" in html


def test_the_board_counter_counts_each_bump(session):
    from classroom.cache import counter_incr

    assert counter_incr("test-counter") == 1
    assert counter_incr("test-counter") == 2
    from django.core.cache import cache

    assert cache.get("test-counter") == 2
