"""Ending the class from the dashboard takes a second, confirming step.

With JavaScript, "End session…" opens a native ``<dialog>`` (``static/classroom/dialog.js``)
whose form ends the class; without it, the same link leads to the dashboard's confirming form.
A post that ends the class without the confirmation is sent to that form, and ends nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from classroom.models import LiveSession

HX = {"HTTP_HX_REQUEST": "true"}


def _control(session) -> str:
    return f"/teach/sessions/{session.pk}/control/"


class TestEndNeedsConfirming:
    def test_end_without_confirming_ends_nothing_and_asks(self, session, teacher_client):
        response = teacher_client.post(_control(session), {"action": "end"})
        assert response.status_code == 302
        assert response["Location"] == f"/teach/sessions/{session.pk}/?end=confirm"
        session.refresh_from_db()
        assert session.is_open

    def test_end_confirmed_ends_the_class(self, session, teacher_client):
        response = teacher_client.post(_control(session), {"action": "end", "confirm": "yes"})
        assert response.status_code == 302
        session.refresh_from_db()
        assert session.status == LiveSession.Status.ENDED

    def test_an_htmx_end_without_confirming_is_sent_to_the_confirming_form(
        self, session, teacher_client
    ):
        response = teacher_client.post(_control(session), {"action": "end"}, **HX)
        assert response["HX-Redirect"] == f"/teach/sessions/{session.pk}/?end=confirm"
        session.refresh_from_db()
        assert session.is_open

    def test_another_instructor_cannot_end_it_even_confirmed(self, session, other_instructor):
        from django.test import Client

        client = Client()
        client.force_login(other_instructor)
        response = client.post(_control(session), {"action": "end", "confirm": "yes"})
        assert response.status_code == 404
        session.refresh_from_db()
        assert session.is_open


class TestDashboardMarkup:
    def test_end_session_is_a_link_to_the_confirming_step_that_opens_a_dialog(
        self, session, teacher_client
    ):
        html = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
        link = re.search(r'<a[^>]*id="end-session"[^>]*>', html).group(0)
        assert f'href="/teach/sessions/{session.pk}/?end=confirm"' in link
        assert 'data-dialog="end-dialog"' in link
        dialog = re.search(r'<dialog id="end-dialog".*?</dialog>', html, re.S).group(0)
        assert 'name="confirm" value="yes"' in dialog
        assert 'formmethod="dialog"' in dialog  # "Keep teaching" closes it, sending nothing
        # End sits apart from Next: not in the form of Back and Next.
        pacing = re.search(r'<form[^>]*class="button-row".*?</form>', html, re.S).group(0)
        assert 'id="next-button"' in pacing and 'value="end"' not in pacing

    def test_without_javascript_the_link_shows_a_confirming_form(self, session, teacher_client):
        html = teacher_client.get(f"/teach/sessions/{session.pk}/?end=confirm").content.decode()
        form = re.search(r'<form[^>]*id="end-confirm".*?</form>', html, re.S).group(0)
        assert 'name="action" value="end"' in form and 'name="confirm" value="yes"' in form
        assert "End the class for everyone?" in form
        assert 'id="end-session"' not in html

    def test_the_behaviour_is_a_static_module_never_inline(self, session, teacher_client):
        html = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert '<script src="/static/classroom/dialog.js" defer></script>' in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "no inline script"
        assert "hx-on" not in html and "onclick" not in html and "confirm(" not in html
        script = Path(settings.BASE_DIR, "static/classroom/dialog.js").read_text()
        assert "showModal" in script and "confirm(" not in script

    def test_an_ended_session_offers_no_end(self, session, teacher_client):
        teacher_client.post(_control(session), {"action": "end", "confirm": "yes"})
        html = teacher_client.get(f"/teach/sessions/{session.pk}/?end=confirm").content.decode()
        assert 'id="end-session"' not in html and 'id="end-confirm"' not in html
        assert "<dialog" not in html
