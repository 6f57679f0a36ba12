"""Take the README's screenshots of a running demo (`make run`) with Debian's Chromium.

    .venv/bin/python bin/readme_screenshots.py [http://127.0.0.1:8000]

Signs in as the demo instructor (password from .demo-password), joins two phones as guests,
moves the lesson to an activity and saves docs/screenshots/{phone,projector,dashboard}.png.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main(base: str, stop_at: str) -> None:
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    password_file = Path(os.environ.get("DEMO_PASSWORD_FILE", ROOT / ".demo-password"))
    password = password_file.read_text().strip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        teacher = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
        teacher.goto(f"{base}/accounts/login/")
        teacher.fill("#id_username", "instructor")
        teacher.fill("#id_password", password)
        teacher.click("button.primary")
        teacher.click("text=Dashboard")
        code = teacher.text_content(".join-hint strong.mono").strip()
        session = re.search(r"/teach/sessions/\d+/", teacher.url).group(0)
        projector = teacher.context.new_page()
        projector.set_viewport_size({"width": 1920, "height": 1080})
        projector.goto(f"{base}{session}projector/")
        phones = []
        for name in ("Ama", "Ben"):
            context = browser.new_context(
                viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
            )
            phone = context.new_page()
            phone.goto(f"{base}/j/{code}/")
            phone.fill("#display_name", name)
            phone.click("button.primary")
            phones.append(phone)
        teacher.reload()

        def current() -> str:
            title = teacher.locator("#current-title")
            return title.text_content() if title.count() else ""

        while stop_at not in current():
            with teacher.expect_response(lambda r: "/control/" in r.url):
                teacher.click("#next-button")
        if teacher.locator("#quiz-open").count():
            # A quiz: open its first question, and let one phone answer it.
            with teacher.expect_response(lambda r: "/control/" in r.url):
                teacher.click("#quiz-open")
            phones[1].locator(".quiz-choices button, .quiz-choice").first.wait_for()
            phones[1].locator(".quiz-choices button, .quiz-choice").first.click()
            phones[0].locator(".quiz-choices button, .quiz-choice").first.wait_for()
        else:
            phones[0].locator(".activity h1").filter(has_text=stop_at).wait_for()
            projector.locator(".slide").filter(has_text=stop_at).wait_for()
        teacher.reload()
        phones[0].screenshot(path=out / "phone.png")
        projector.screenshot(path=out / "projector.png")
        teacher.screenshot(path=out / "dashboard.png")
        browser.close()
    print(f"saved in {out}")


if __name__ == "__main__":
    main(
        sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000",
        sys.argv[2] if len(sys.argv) > 2 else "Daily Quiz",
    )
