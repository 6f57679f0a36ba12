"""The join address when the projector is opened on the laptop itself.

Opened at a loopback address (127.0.0.1, localhost, ::1) without ``PUBLIC_URL``, the projector
and the dashboard show, and the QR code encodes, the machine's LAN address with the request's
port: the one ``make run`` prints. ``PUBLIC_URL`` always wins; any other host is kept.
"""

from __future__ import annotations

import pytest

from classroom import lan
from classroom.qr import qr_svg

LAN = "192.168.1.23"


@pytest.fixture
def on_wifi(monkeypatch, settings):
    settings.PUBLIC_URL = ""
    monkeypatch.setattr(lan, "interface_addresses", lambda: ["127.0.0.1", LAN])
    monkeypatch.setattr(lan.socket, "gethostname", lambda: "localhost")


def _projector(teacher_client, session, host: str) -> str:
    return teacher_client.get(
        f"/teach/sessions/{session.pk}/projector/", HTTP_HOST=host
    ).content.decode()


class TestLoopbackBecomesTheLanAddress:
    @pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
    def test_the_projector_shows_and_encodes_the_lan_address_with_the_port(
        self, on_wifi, session, teacher_client, host
    ):
        html = _projector(teacher_client, session, host)
        assert f"<strong>{LAN}:8000</strong>" in html
        assert str(qr_svg(f"http://{LAN}:8000/j/{session.join_code}/")) in html
        assert "127.0.0.1" not in html and "localhost:8000" not in html

    def test_the_dashboard_shows_it_too(self, on_wifi, session, teacher_client):
        html = teacher_client.get(
            f"/teach/sessions/{session.pk}/", HTTP_HOST="127.0.0.1:8000"
        ).content.decode()
        assert f"Join at <strong>{LAN}:8000</strong>" in html

    def test_without_a_port_none_is_added(self, on_wifi, session, teacher_client):
        html = _projector(teacher_client, session, "localhost")
        assert str(qr_svg(f"http://{LAN}/j/{session.join_code}/")) in html

    def test_a_lan_host_is_kept_as_it_is(self, on_wifi, session, teacher_client):
        html = _projector(teacher_client, session, "10.1.2.3:8000")
        assert str(qr_svg(f"http://10.1.2.3:8000/j/{session.join_code}/")) in html

    def test_public_url_wins(self, on_wifi, settings, session, teacher_client):
        settings.PUBLIC_URL = "https://class.example.org"
        html = _projector(teacher_client, session, "127.0.0.1:8000")
        assert str(qr_svg(f"https://class.example.org/j/{session.join_code}/")) in html
        assert LAN not in html

    def test_a_machine_with_only_loopback_keeps_the_address_used(
        self, monkeypatch, settings, session, teacher_client
    ):
        settings.PUBLIC_URL = ""
        monkeypatch.setattr(lan, "interface_addresses", lambda: ["127.0.0.1"])
        monkeypatch.setattr(lan.socket, "gethostname", lambda: "localhost")
        html = _projector(teacher_client, session, "127.0.0.1:8000")
        assert str(qr_svg(f"http://127.0.0.1:8000/j/{session.join_code}/")) in html


class TestAddressHelpers:
    @pytest.mark.parametrize(
        ("host", "loopback"),
        [
            ("127.0.0.1", True),
            ("127.1.2.3", True),
            ("localhost", True),
            ("LOCALHOST", True),
            ("[::1]", True),
            ("::1", True),
            ("192.168.1.23", False),
            ("10.0.0.1", False),
            ("class.example.org", False),
            ("localhost.example.org", False),
        ],
    )
    def test_is_loopback(self, host, loopback):
        assert lan.is_loopback(host) is loopback

    def test_lan_address_skips_loopback(self, on_wifi):
        assert lan.lan_address() == LAN

    def test_make_run_prints_the_same_address(self, on_wifi, db, tmp_path, monkeypatch):
        from io import StringIO

        from django.core.management import call_command

        from classroom.management.commands import load_demo

        monkeypatch.setattr(load_demo, "PASSWORD_FILE", tmp_path / "pw")
        out = StringIO()
        call_command("load_demo", port=8123, stdout=out)
        assert f"Phones join at:      http://{LAN}:8123/" in out.getvalue()
