"""Print the answer key of an exercise spec: JSON, or a worked solution as text."""

import json

from django.core.management.base import BaseCommand, CommandError

from exercises.checker import SpecError, key_compute, solution_text, spec_load


class Command(BaseCommand):
    help = "Print the answer key of an exercise spec (JSON or YAML file)."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="the exercise spec, .json or .yaml")
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args, spec, format, **options):
        try:
            parsed = spec_load(spec)
            key = key_compute(parsed)
        except SpecError as exc:
            raise CommandError(str(exc)) from exc
        if format == "text":
            self.stdout.write(solution_text(parsed, key), ending="")
        else:
            self.stdout.write(json.dumps(key.to_json(), indent=2))
