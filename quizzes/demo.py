"""The Neural Networks II daily quiz, kept as GIFT beside the parser."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from classroom.models import Activity

from . import selectors, services
from .gift import gift_parse
from .models import Quiz

DEMO_GIFT = Path(__file__).parent / "gift" / "neural_networks_ii.gift"


@transaction.atomic
def demo_quiz_load(*, activity: Activity) -> Quiz:
    """Make ``activity`` (of kind ``quiz``) the demo quiz. Idempotent: questions already equal
    to the file's are left alone, so the answers given to them are kept."""
    result = gift_parse(DEMO_GIFT.read_text(encoding="utf-8"))
    if not result.ok:
        raise services.GiftImportError(result.errors)
    quiz = services.quiz_ensure(activity=activity)
    if selectors.question_specs(quiz=quiz) != list(result.questions):
        services.quiz_questions_replace(quiz=quiz, questions=result.questions)
    return quiz
