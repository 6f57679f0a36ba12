"""Phones reply to a discussion; the instructor hides a reply from the projector."""

from __future__ import annotations

from classroom import services


def test_discussion_reply_reaches_the_projector_escaped(guest_phone, session, teacher_client):
    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    response = guest_phone.post(
        f"/discussion/live/{session.join_code}/reply/",
        {"text": "<img src=x onerror=alert(1)> sigmoid!"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    projector = teacher_client.get(f"/teach/sessions/{session.pk}/projector/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt; sigmoid!" in projector
    assert "<img src=x" not in projector


def test_empty_reply_is_refused_and_not_stored(guest_phone, session):
    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    response = guest_phone.post(
        f"/discussion/live/{session.join_code}/reply/", {"text": "  "}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "type a reply first" in response.content.decode()
    assert not discussion.replies.exists()


def test_hidden_reply_leaves_the_projector_but_stays_on_the_dashboard(
    guest_phone, session, teacher_client
):
    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    guest_phone.post(f"/discussion/live/{session.join_code}/reply/", {"text": "off topic"})
    reply = discussion.replies.get()
    teacher_client.post(f"/discussion/replies/{reply.pk}/hide/", {"hidden": "yes"})
    assert (
        "off topic"
        not in teacher_client.get(f"/teach/sessions/{session.pk}/projector/").content.decode()
    )
    assert "off topic" in teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()


def test_a_reply_with_a_nul_byte_is_refused_with_a_message(guest_phone, session):
    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    url = f"/discussion/live/{session.join_code}/reply/"
    response = guest_phone.post(url, {"text": "a\x00b"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "a reply has a character that cannot be shown" in response.content.decode()
    assert not discussion.replies.exists()
    assert guest_phone.post(url, {"text": "ab"}, HTTP_HX_REQUEST="true").status_code == 200
    assert discussion.replies.get().text == "ab"


def test_a_plain_form_post_is_answered_with_the_phone_page(guest_phone, session):
    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    response = guest_phone.post(f"/discussion/live/{session.join_code}/reply/", {"text": "hi"})
    assert response.status_code == 302
    assert response["Location"] == f"/live/{session.join_code}/"


def test_a_stranger_cannot_reply(session):
    from django.test import Client

    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    response = Client().post(
        f"/discussion/live/{session.join_code}/reply/", {"text": "hi"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == "/"
    assert not discussion.replies.exists()


def test_only_the_courses_instructor_may_hide_a_reply(
    guest_phone, session, teacher_client, other_instructor
):
    from django.test import Client

    discussion = session.lesson.activities.get(kind="discussion")
    services.live_session_goto(session=session, activity_id=discussion.pk)
    guest_phone.post(f"/discussion/live/{session.join_code}/reply/", {"text": "keep me"})
    reply = discussion.replies.get()
    stranger = Client()
    stranger.force_login(other_instructor)
    url = f"/discussion/replies/{reply.pk}/hide/"
    assert stranger.post(url, {"hidden": "yes"}).status_code == 404
    reply.refresh_from_db()
    assert not reply.hidden
    assert teacher_client.post(url, {"hidden": "yes"}).status_code == 302
    reply.refresh_from_db()
    assert reply.hidden
