"""Create (or bring up to date) the demo: an instructor, a course, its roster, Neural Networks II.

Safe to run again: everything is found by its natural key and updated in place; students are
matched by student number; the agenda is synchronised position by position.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from classroom import roster, services
from classroom.demo import content
from classroom.kinds import registry
from classroom.lan import lan_address
from classroom.models import Activity, Course, Lesson, LiveSession

DEMO_USERNAME = "instructor"
PASSWORD_FILE = Path(
    os.environ.get("DEMO_PASSWORD_FILE", Path(settings.BASE_DIR) / ".demo-password")
)


class Command(BaseCommand):
    help = "Load the Neural Networks II demo lesson (idempotent) and print where to open it."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args, port: int, quiet: bool, **options):
        password = self._instructor_password()
        with transaction.atomic():
            user = self._instructor(password)
            course = self._course(user)
            lesson = self._lesson(course)
        session = (
            LiveSession.objects.filter(lesson=lesson)
            .exclude(status=LiveSession.Status.ENDED)
            .first()
        ) or services.live_session_start(lesson_id=lesson.pk, user=user)
        if quiet:
            return
        base = settings.PUBLIC_URL or f"http://{lan_address() or '127.0.0.1'}:{port}"
        lines = [
            "",
            f"  {content.LESSON_TITLE} is ready to teach.",
            f"  Instructor sign-in:  {base}{reverse('login')}",
            f"    username {DEMO_USERNAME}   password {password}",
            f"  Dashboard:           {base}{reverse('classroom:dashboard', args=[session.pk])}",
            f"  Projector:           {base}{reverse('classroom:projector', args=[session.pk])}",
            f"  Phones join at:      {base}/   code {session.join_code}",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _instructor_password(self) -> str:
        if PASSWORD_FILE.exists():
            return PASSWORD_FILE.read_text().strip()
        password = "-".join(secrets.token_hex(3) for _ in range(3))
        PASSWORD_FILE.write_text(password)
        PASSWORD_FILE.chmod(0o600)
        return password

    def _instructor(self, password: str):
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Demo", "last_name": "Instructor", "is_staff": True},
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        # Lessons, quizzes and debates can be edited in the Django admin too; accounts cannot.
        user.user_permissions.set(
            Permission.objects.exclude(
                content_type__app_label__in=["auth", "admin", "contenttypes", "sessions"]
            )
        )
        return user

    def _course(self, user) -> Course:
        course, _created = Course.objects.get_or_create(
            code=content.COURSE["code"],
            defaults={"title": content.COURSE["title"], "allow_guests": True},
        )
        course.instructors.add(user)
        parsed = roster.roster_parse((Path(content.__file__).parent / "roster.csv").read_text())
        if not parsed.ok:
            raise ValueError(f"the demo roster has problems: {parsed.problems}")
        services.roster_import(course=course, rows=parsed.rows)
        return course

    def _lesson(self, course: Course) -> Lesson:
        lesson, _created = Lesson.objects.get_or_create(course=course, title=content.LESSON_TITLE)
        wanted = list(enumerate(content.AGENDA, start=1))
        Activity.objects.filter(lesson=lesson, position__gt=len(wanted)).delete()
        for position, item in wanted:
            kind_key = item["kind"]
            try:
                kind = registry.get_kind(kind_key)
            except registry.UnknownActivityKind:
                kind, kind_key = registry.get_kind("note"), "note"
            activity, _created = Activity.objects.update_or_create(
                lesson=lesson,
                position=position,
                defaults={
                    "kind": kind_key,
                    "title": item["title"],
                    "body": item["body"],
                    "config": item.get("config", {}),
                },
            )
            if kind.configure_demo is not None:
                kind.configure_demo(activity=activity)
        return lesson
