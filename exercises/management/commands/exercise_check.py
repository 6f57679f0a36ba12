"""Mark a file of answers against an exercise spec and print the marking as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from exercises.checker import (
    AnswersError,
    SpecError,
    answers_flatten,
    document_load,
    key_compute,
    mark,
    spec_load,
)


class Command(BaseCommand):
    help = "Mark ANSWERS (shaped like the key, or keyed by path) against SPEC; print JSON."

    def add_arguments(self, parser):
        parser.add_argument("spec", help="the exercise spec, .json or .yaml")
        parser.add_argument("answers", help="the answers, .json or .yaml")

    def handle(self, *args, spec, answers, **options):
        try:
            parsed = spec_load(spec)
            key = key_compute(parsed)
            data = document_load(answers, error=AnswersError)
            marking = mark(parsed, answers_flatten(parsed, data), key=key)
        except (SpecError, AnswersError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(marking.to_json(), indent=2, ensure_ascii=False))
