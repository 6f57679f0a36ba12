"""The ``gunicorn_server`` fixture serves the site from another process, on the test database."""

import re

import httpx
from django.contrib.auth import get_user_model


def admin_sign_in(base_url: str, username: str, password: str) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=10) as client:
        form = client.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        return client.post(
            "/admin/login/?next=/admin/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": password},
            headers={"Referer": f"{base_url}/admin/login/"},
        )


def test_server_signs_in_a_user_the_test_committed(gunicorn_server):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-for-tests")

    response = admin_sign_in(gunicorn_server.url, "boss", "pw-for-tests")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"


def test_server_refuses_a_wrong_password_for_that_user(gunicorn_server):
    get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-for-tests")

    response = admin_sign_in(gunicorn_server.url, "boss", "not-the-password")

    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
