"""Every answer one owner gave, as CSV or JSON, streamed.

Rows are read from the database in chunks (``QuerySet.iterator``) and written out one by
one through ``StreamingHttpResponse``, so 100,000 answers never sit in memory together.
Option texts come from the question versions answered, loaded once up front (their
number is bounded by the bank, not by the answers).

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) get a leading single quote, as OWASP's "CSV Injection"
page recommends: option texts come from the question files, but the export must be safe
to open whatever they say.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from string import ascii_uppercase

from django.db.models import Q

from studysite.quiz.models import Answer, QuestionVersion

from .models import Mode

FIELDS = (
    "question_id",
    "chapter",
    "section",
    "domain",
    "mode",
    "chosen",
    "chosen_texts",
    "correct",
    "confidence",
    "created",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 2000
TEXT_SEPARATOR = " | "


def safe_cell(value: object) -> object:
    """A CSV cell that no spreadsheet will evaluate (OWASP: CSV Injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def records(visitor: Q | None) -> Iterator[dict[str, object]]:
    """The owner's answers, oldest first, one dict each (nothing for a new visitor)."""
    if visitor is None:
        return
    answers = Answer.objects.filter(visitor)
    texts: dict[int, list[str]] = {}
    for version in QuestionVersion.objects.filter(
        pk__in=answers.values("question_version_id")
    ).only("id", "content"):
        options = version.content.get("options", []) if isinstance(version.content, dict) else []
        texts[version.pk] = [str(o.get("text", "")) for o in options if isinstance(o, dict)]
    rows = (
        answers.order_by("created", "pk")
        .values_list(
            "question_id",
            "question__chapter",
            "question__section",
            "question__domain",
            "source__mode",
            "question_version_id",
            "chosen",
            "correct",
            "confidence",
            "created",
        )
        .iterator(chunk_size=CHUNK)
    )
    for qid, chapter, section, domain, mode, version, chosen, correct, confidence, created in rows:
        options = texts.get(version, [])
        indexes = [i for i in chosen if isinstance(i, int)] if isinstance(chosen, list) else []
        yield {
            "question_id": qid,
            "chapter": chapter,
            "section": section,
            "domain": domain,
            "mode": mode or Mode.CHAPTER.value,
            "chosen": indexes,
            "chosen_texts": [options[i] if 0 <= i < len(options) else "" for i in indexes],
            "correct": correct,
            "confidence": confidence,
            "created": created.isoformat(),
        }


class _Line:
    """A file-like object that hands back what csv.writer writes (Django's recipe)."""

    def write(self, value: str) -> str:
        return value


def letters(indexes: list[int]) -> str:
    return ";".join(ascii_uppercase[i] if 0 <= i < 26 else str(i) for i in indexes)


def csv_lines(visitor: Q | None) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(FIELDS)
    for record in records(visitor):
        yield writer.writerow(
            [
                safe_cell(value)
                for value in (
                    record["question_id"],
                    record["chapter"],
                    record["section"],
                    record["domain"],
                    record["mode"],
                    letters(record["chosen"]),
                    TEXT_SEPARATOR.join(record["chosen_texts"]),
                    "true" if record["correct"] else "false",
                    record["confidence"] or "",
                    record["created"],
                )
            ]
        )


def json_chunks(visitor: Q | None) -> Iterator[str]:
    """A JSON array, one answer object a line."""
    yield "["
    separator = "\n"
    for record in records(visitor):
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"
