"""The browser fixtures: phones and a projector in Debian's Chromium, each with its own cookies."""

import pytest

from tests.support import BrowserContexts, screenshots_save


def test_phone_is_a_390_by_844_touch_screen(phone):
    page = phone()
    page.set_content('<meta name="viewport" content="width=device-width"><p>hello</p>')

    size = page.evaluate("[window.innerWidth, window.innerHeight, navigator.maxTouchPoints]")

    assert size[:2] == [390, 844]
    assert size[2] > 0


def test_projector_is_a_1920_by_1080_screen(projector):
    projector.set_content("<p>hello</p>")

    size = projector.evaluate("[window.innerWidth, window.innerHeight, navigator.maxTouchPoints]")

    assert size == [1920, 1080, 0]


def test_each_phone_keeps_its_own_cookies(phone, live_server):
    first, second = phone(), phone()

    first.goto(f"{live_server.url}/admin/login/")

    assert "csrftoken" in {cookie["name"] for cookie in first.context.cookies()}
    assert second.context.cookies() == []


@pytest.mark.browser
def test_screenshots_of_open_pages_are_kept(browser, tmp_path):
    contexts = BrowserContexts(browser=browser)
    contexts.page("phone", viewport={"width": 390, "height": 844}).set_content("<h1>Lobby</h1>")
    try:
        saved = screenshots_save(contexts, name="tests/x.py::test_y[a b]", directory=tmp_path)
    finally:
        contexts.close()

    assert [path.name for path in saved] == ["tests-x.py-test_y-a-b-1-phone-1.png"]
    assert saved[0].read_bytes().startswith(b"\x89PNG")
