"""The phone's end of class: what the participant did, from each kind's ``recap`` hook.

The core knows no kind: the fixture's lesson (notes and a discussion) gets a recap by swapping
the registered note kind for a copy with a ``recap``. Each real kind's recap is proved in its
own app (``quizzes/tests/test_recap.py`` and the like).
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from django.test import Client

from classroom import selectors, services
from classroom.kinds import Recap, registry
from classroom.kinds.screens import session_recaps


def _note_recap(*, session, activity, participant):
    if activity.title == "Softmax":
        return None  # nothing done there: left out
    return Recap(
        text=f"{participant.display_name} read {activity.title}",
        figure="3/4",
        url=f"/after/{activity.pk}/" if participant.student_id else "",
    )


@pytest.fixture
def notes_recap(monkeypatch):
    kind = registry.get_kind("note")
    monkeypatch.setitem(registry._registry, "note", dataclasses.replace(kind, recap=_note_recap))


@pytest.fixture
def ann_phone(session, student) -> Client:
    phone = Client()
    assert phone.get(f"/s/{student.signin_token}/").status_code == 302
    return phone


def _ended(session):
    services.live_session_end(session=session)


def test_the_phone_lists_what_was_done_in_agenda_order_with_links(
    notes_recap, session, ann_phone, lesson
):
    _ended(session)
    html = ann_phone.get(f"/live/{session.join_code}/").content.decode()
    assert "Class is over" in html and "What you did today" in html
    items = re.findall(r'<li class="recap".*?</li>', html, re.S)
    sigmoid = lesson.activities.get(title="Sigmoid")
    assert len(items) == 1, "the discussion has no recap; Softmax's recap is None"
    assert "Ann Lee read Sigmoid" in items[0] and "3/4" in items[0]
    assert f'href="/after/{sigmoid.pk}/"' in items[0]
    assert 'href="/me/"' in html


def test_a_guest_gets_the_recap_without_pages_after_class(notes_recap, session, guest_phone):
    _ended(session)
    html = guest_phone.get(f"/live/{session.join_code}/").content.decode()
    assert "Bo read Sigmoid" in html
    assert 'href="/after/' not in html
    assert 'href="/me/"' not in html
    assert "as a guest" in html


def test_the_poll_that_learns_of_the_end_carries_the_recap(
    notes_recap, session, ann_phone, django_capture_on_commit_callbacks
):
    page = ann_phone.get(f"/live/{session.join_code}/").content.decode()
    version = re.search(r'data-version="(\d+)"', page).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        _ended(session)
    answer = ann_phone.get(
        f"/live/{session.join_code}/poll/?v={version}", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Class is over" in answer and "Ann Lee read Sigmoid" in answer


def test_an_open_session_shows_no_recap(notes_recap, session, ann_phone):
    html = ann_phone.get(f"/live/{session.join_code}/").content.decode()
    assert "What you did today" not in html


def test_without_any_recap_the_page_still_leads_to_me(session, ann_phone):
    _ended(session)
    html = ann_phone.get(f"/live/{session.join_code}/").content.decode()
    assert "Class is over" in html and "What you did today" not in html
    assert 'href="/me/"' in html


def test_session_recaps_reads_each_activity_once(
    notes_recap, session, student, django_assert_num_queries
):
    participant = services.participant_join_student(session=session, student=student)
    _ended(session)
    session = selectors.session_fresh(session_id=session.pk)
    with django_assert_num_queries(1):  # the agenda; the note's recap reads nothing
        rows = session_recaps(session, participant)
    assert [row.activity.title for row in rows] == ["Sigmoid"]
    assert rows[0].label == "Note"
