"""Create an instructor account (or reset its password) and give it courses to teach."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from classroom.models import Course


class Command(BaseCommand):
    help = "Create an instructor; prints the password when one is generated."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="Default: a generated one, printed once.")
        parser.add_argument(
            "--course", action="append", default=[], help="Course code to teach (repeatable)."
        )
        parser.add_argument("--admin", action="store_true", help="Also a site administrator.")

    @transaction.atomic
    def handle(self, *args, username, email, password, course, admin, **options):
        username = username.strip()
        if not username:
            raise CommandError("--username must not be empty")
        courses = []
        for code in course:
            found = Course.objects.filter(code=code).first()
            if found is None:
                raise CommandError(f"no course has the code {code!r}")
            courses.append(found)
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        user.set_password(password)
        user.is_staff = True
        user.is_superuser = user.is_superuser or admin
        if email:
            user.email = email
        user.save()
        for found in courses:
            found.instructors.add(user)
        verb = "Created" if created else "Updated"
        self.stdout.write(f"{verb} instructor {username}.")
        if generated:
            self.stdout.write(f"Password: {password}")
