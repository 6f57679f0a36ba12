"""The doors of the live session: join-code guessing held back per device without holding back
a hall, trusted proxies, the poll's codes, guest joins, names, and ids typed into forms."""

from __future__ import annotations

import pytest
from django.test import Client

from classroom import services
from classroom.models import Participant

HX = {"HTTP_HX_REQUEST": "true"}


def wrong_codes(count: int, **extra) -> None:
    for _ in range(count):
        Client().post("/", {"code": "QQQQQQ"}, **extra)


class TestAddressCeiling:
    def test_past_the_ceiling_a_wrong_code_is_refused(self, session, settings):
        settings.JOIN_FAILURES_PER_ADDRESS = 5
        wrong_codes(5)
        refused = Client().post("/", {"code": "QQQQQQ"})
        assert refused.status_code == 429
        assert "the right one still works" in refused.content.decode()

    def test_past_the_ceiling_the_right_code_still_joins(self, session, settings):
        settings.JOIN_FAILURES_PER_ADDRESS = 5
        wrong_codes(5)
        assert Client().post("/", {"code": session.join_code}).status_code == 302
        qr = Client().get(f"/j/{session.join_code}/")
        assert qr.status_code == 200 and "Your name" in qr.content.decode()

    def test_past_the_ceiling_a_joined_phone_carries_on(self, session, settings, guest_phone):
        settings.JOIN_FAILURES_PER_ADDRESS = 5
        wrong_codes(5)
        assert guest_phone.get(f"/j/{session.join_code}/").status_code == 302
        assert guest_phone.get(f"/live/{session.join_code}/").status_code == 200
        poll = guest_phone.get(f"/live/{session.join_code}/poll/", {"v": "0"}, **HX)
        assert poll.status_code == 200


class TestTrustedProxy:
    def test_behind_a_trusted_proxy_each_client_has_its_own_allowance(self, session, settings):
        settings.JOIN_FAILURES_PER_ADDRESS = 3
        settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
        proxied = {"REMOTE_ADDR": "10.0.0.2"}
        wrong_codes(3, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxied)
        blocked = Client().post(
            "/", {"code": "QQQQQQ"}, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxied
        )
        other = Client().post(
            "/", {"code": "QQQQQQ"}, HTTP_X_FORWARDED_FOR="198.51.100.8", **proxied
        )
        assert (blocked.status_code, other.status_code) == (429, 400)

    def test_a_forged_header_from_an_untrusted_address_is_ignored(self, session, settings):
        settings.JOIN_FAILURES_PER_ADDRESS = 3
        settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
        for n in range(3):
            Client().post("/", {"code": "QQQQQQ"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        forged = Client().post("/", {"code": "QQQQQQ"}, HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert forged.status_code == 429


class TestPollCodes:
    def test_a_wrong_code_polled_without_cookies_is_counted_then_refused(self, session, settings):
        settings.JOIN_FAILURES_PER_ADDRESS = 4
        answers = [
            Client().get("/live/QQQQQQ/poll/", {"v": "1"}, **HX).status_code for _ in range(5)
        ]
        assert answers == [200, 200, 200, 429, 429]

    def test_a_live_code_polled_without_cookies_reveals_nothing(self, session):
        right = Client().get(f"/live/{session.join_code}/poll/", {"v": "1"}, **HX)
        wrong = Client().get("/live/QQQQQQ/poll/", {"v": "1"}, **HX)
        assert right.status_code == wrong.status_code == 200
        assert right["HX-Redirect"] == wrong["HX-Redirect"] == "/"

    def test_a_cookieless_poll_costs_no_query(self, session, django_assert_num_queries):
        with django_assert_num_queries(0):
            Client().get("/live/QQQQQQ/poll/", {"v": "1"}, **HX)

    def test_a_joined_phone_still_gets_its_unchanged_poll_as_204(self, session, guest_phone):
        page = guest_phone.get(f"/live/{session.join_code}/").content.decode()
        version = page.split("poll/?v=")[1].split('"')[0]
        poll = guest_phone.get(f"/live/{session.join_code}/poll/", {"v": version}, **HX)
        assert poll.status_code == 204


class TestGuestJoins:
    def join_again(self, phone: Client, session, name: str) -> int:
        """The same phone, its session forgotten, joins as a new guest."""
        phone.cookies.pop("sessionid", None)
        phone.get(f"/j/{session.join_code}/")
        return phone.post(f"/j/{session.join_code}/", {"display_name": name}).status_code

    def test_a_phone_may_join_as_a_new_guest_a_few_times_only(self, session, settings):
        settings.GUEST_JOINS_PER_CLIENT = 3
        phone = Client()
        statuses = [self.join_again(phone, session, f"Guest {n}") for n in range(4)]
        assert statuses == [302, 302, 302, 400]
        assert Participant.objects.filter(session=session).count() == 3

    def test_another_phone_joins_while_one_is_held_back(self, session, settings):
        settings.GUEST_JOINS_PER_CLIENT = 1
        phone = Client()
        assert self.join_again(phone, session, "Ann") == 302
        assert self.join_again(phone, session, "Ann 2") == 400
        assert self.join_again(Client(), session, "Bo") == 302

    def test_an_address_has_a_ceiling_for_phones_that_drop_their_cookies(self, session, settings):
        settings.GUEST_JOINS_PER_ADDRESS = 2
        assert self.join_again(Client(), session, "A") == 302
        assert self.join_again(Client(), session, "B") == 302
        assert self.join_again(Client(), session, "C") == 400


class TestNames:
    @pytest.mark.parametrize(
        ("name", "said"),
        [
            ("Bo\x00b", "cannot be shown"),
            ("\u202eevil", "cannot be shown"),
            ("\u200b\u200d\u2060", "type the name"),
            ("   ", "type the name"),
        ],
    )
    def test_a_name_that_hides_or_reorders_text_is_refused(self, session, name, said):
        response = Client().post(f"/j/{session.join_code}/", {"display_name": name})
        assert response.status_code == 400
        assert said in response.content.decode()
        assert not Participant.objects.filter(session=session).exists()

    @pytest.mark.parametrize("name", ["Bo", "Zoë", "مريم", "李雷"])
    def test_a_name_in_any_script_is_accepted(self, session, name):
        response = Client().post(f"/j/{session.join_code}/", {"display_name": name})
        assert response.status_code == 302
        assert Participant.objects.get(session=session).display_name == name

    def test_a_guest_cannot_take_a_rostered_students_name(self, session, student):
        response = Client().post(f"/j/{session.join_code}/", {"display_name": " ann  LEE "})
        assert response.status_code == 400
        assert "already goes by" in response.content.decode()
        ok = Client().post(f"/j/{session.join_code}/", {"display_name": "Ann L."})
        assert ok.status_code == 302

    def test_two_guests_cannot_share_a_name(self, session):
        assert Client().post(f"/j/{session.join_code}/", {"display_name": "Bo"}).status_code == 302
        again = Client().post(f"/j/{session.join_code}/", {"display_name": "bo"})
        assert again.status_code == 400
        assert Participant.objects.filter(session=session).count() == 1

    def test_the_database_refuses_a_second_guest_of_the_same_name(self, session):
        from django.db import IntegrityError, transaction

        services.participant_join_guest(session=session, display_name="Bo")
        with pytest.raises(IntegrityError), transaction.atomic():
            Participant.objects.create(session=session, display_name="BO")

    def test_names_are_isolated_on_the_dashboard(self, session, guest_phone, teacher_client):
        html = teacher_client.get(f"/teach/sessions/{session.pk}/").content.decode()
        assert "<bdi>Bo</bdi>" in html


class TestIdsInForms:
    def test_goto_with_a_digit_that_is_not_ascii_is_refused_by_name(self, session, teacher_client):
        response = teacher_client.post(
            f"/teach/sessions/{session.pk}/control/", {"action": "goto", "activity": "²"}, **HX
        )
        assert response.status_code == 400
        assert "is not an activity of the agenda" in response.content.decode()

    def test_goto_with_a_plain_id_moves_on(self, session, teacher_client):
        first = session.lesson.activities.order_by("position").first()
        response = teacher_client.post(
            f"/teach/sessions/{session.pk}/control/",
            {"action": "goto", "activity": str(first.pk)},
            **HX,
        )
        assert response.status_code == 200
        session.refresh_from_db()
        assert session.current_activity_id == first.pk
