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
