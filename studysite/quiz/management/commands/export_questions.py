"""Print every active question, one JSON object a line (DESIGN.md, "Question bank dump")."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from studysite.quiz.models import Question

# The contract's keys, in its order (DESIGN.md now includes the task statement).
EXPORT_KEYS = (
    "id",
    "domain",
    "task",
    "chapter",
    "section",
    "type",
    "choose",
    "stem",
    "options",
    "references",
)


def export_record(content: dict) -> dict:
    # Versions stored before tasks were recorded lack one: give it as null, never fail.
    record = {key: content.get(key) for key in EXPORT_KEYS}
    record["options"] = [
        {"text": o["text"], "correct": o["correct"], "explanation": o["explanation"]}
        for o in content["options"]
    ]
    return record


class Command(BaseCommand):
    # Reads only the database: unrelated system check errors must not block the dump.
    requires_system_checks = ()
    help = "Print every active question as one JSON object per line (JSON Lines)."

    def handle(self, *args, **options) -> None:
        questions = Question.objects.filter(active=True).select_related("current")
        for question in questions.order_by("position", "id").iterator(chunk_size=500):
            if question.current is None:
                continue
            self.stdout.write(
                json.dumps(export_record(question.current.content), ensure_ascii=False)
            )
