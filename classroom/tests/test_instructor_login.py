"""Instructors signing in: a limit on wrong passwords per username and address, on both sign-in
pages, and a sign-in that lasts a working day while phones stay signed in for the term."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory

from classroom import instructor_login

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
THROTTLED = "Too many wrong passwords for this username"


@pytest.fixture
def staff(instructor):
    instructor.is_staff = True
    instructor.save(update_fields=["is_staff"])
    return instructor


def sign_in(client: Client, password: str, *, url: str = LOGIN, username: str = "ada"):
    return client.post(url, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def wrong_passwords(client: Client, count: int, *, url: str = LOGIN) -> None:
    for attempt in range(count):
        response = sign_in(client, f"wrong-{attempt}", url=url)
        assert response.status_code == 200
        assert THROTTLED not in response.content.decode()


def test_past_the_limit_even_the_right_password_is_refused(instructor):
    client = Client()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME)

    response = sign_in(client, "pw-for-tests")

    assert response.status_code == 429
    assert THROTTLED in response.content.decode()
    assert not signed_in(client)


def test_within_the_limit_the_right_password_signs_in(instructor):
    client = Client()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME - 1)

    response = sign_in(client, "pw-for-tests")

    assert response.status_code == 302
    assert signed_in(client)


def test_a_sign_in_clears_the_count(instructor):
    client = Client()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME - 1)
    sign_in(client, "pw-for-tests")
    client.logout()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME - 1)

    assert sign_in(client, "pw-for-tests").status_code == 302


def test_the_limit_does_not_hold_back_another_address(instructor):
    wrong_passwords(Client(), settings.LOGIN_FAILURES_PER_USERNAME)
    elsewhere = Client(REMOTE_ADDR="192.0.2.7")

    response = sign_in(elsewhere, "pw-for-tests")

    assert response.status_code == 302
    assert signed_in(elsewhere)


def test_behind_the_trusted_proxy_each_forwarded_address_has_its_own_limit(instructor, settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    guesser = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.9")
    wrong_passwords(guesser, settings.LOGIN_FAILURES_PER_USERNAME)
    instructors_laptop = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.7")

    assert sign_in(guesser, "pw-for-tests").status_code == 429
    assert sign_in(instructors_laptop, "pw-for-tests").status_code == 302


def test_a_forwarded_address_from_anyone_but_the_proxy_is_ignored(instructor, settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    guesser = Client(REMOTE_ADDR="198.51.100.9")
    wrong_passwords(guesser, settings.LOGIN_FAILURES_PER_USERNAME)
    forged = Client(REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR="192.0.2.7")

    assert sign_in(forged, "pw-for-tests").status_code == 429


def test_the_limit_counts_a_username_in_any_case(instructor):
    client = Client()
    for attempt in range(settings.LOGIN_FAILURES_PER_USERNAME):
        sign_in(client, f"wrong-{attempt}", username="ADA" if attempt % 2 else "ada")

    assert sign_in(client, "pw-for-tests").status_code == 429


def test_the_right_password_is_accepted_again_once_the_window_has_passed(
    instructor, settings, wait_until
):
    # Counted straight into the cache: wrong passwords through the page take longer to check
    # than this short window lasts.
    settings.LOGIN_FAILURE_WINDOW = 3
    request = RequestFactory().post(LOGIN)
    for _attempt in range(settings.LOGIN_FAILURES_PER_USERNAME):
        instructor_login.login_failed(request, "ada")
    client = Client()
    assert sign_in(client, "pw-for-tests").status_code == 429

    wait_until(
        lambda: sign_in(client, "pw-for-tests").status_code == 302,
        timeout=15,
        interval=0.2,
        message="the window to pass",
    )
    assert signed_in(client)


def test_the_admin_sign_in_page_has_the_same_limit(staff):
    client = Client()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME, url=ADMIN_LOGIN)

    response = sign_in(client, "pw-for-tests", url=ADMIN_LOGIN)

    assert THROTTLED in response.content.decode()
    assert not signed_in(client)


def test_the_admin_sign_in_page_accepts_the_right_password_within_the_limit(staff):
    client = Client()
    wrong_passwords(client, settings.LOGIN_FAILURES_PER_USERNAME - 1, url=ADMIN_LOGIN)

    response = sign_in(client, "pw-for-tests", url=ADMIN_LOGIN)

    assert response.status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_an_instructor_sign_in_lasts_a_working_day(staff, url):
    client = Client()

    response = sign_in(client, "pw-for-tests", url=url)

    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.INSTRUCTOR_SESSION_AGE
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == (
        settings.INSTRUCTOR_SESSION_AGE
    )
    assert settings.INSTRUCTOR_SESSION_AGE <= 12 * 60 * 60 < settings.SESSION_COOKIE_AGE


def test_a_phone_signed_in_by_its_link_stays_signed_in_for_the_term(student):
    phone = Client()

    response = phone.get(f"/s/{student.signin_token}/")

    assert phone.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == (
        settings.SESSION_COOKIE_AGE
    )
