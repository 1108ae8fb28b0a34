"""Bank -> database: new questions added, changed ones versioned, removed ones retired.

Idempotent: a second run with the same files changes nothing. Nothing is ever deleted,
so every answer keeps the exact version it was given for.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from .bank import Bank
from .models import Question, QuestionVersion


@dataclass
class SyncResult:
    added: int = 0
    changed: int = 0  # new content, or a retired question back in the files
    retired: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.added} added, {self.changed} changed, "
            f"{self.retired} retired, {self.unchanged} unchanged"
        )


class BankHasProblems(Exception):
    """A broken bank is never synced: a file that fails to parse would retire its questions."""


@transaction.atomic
def sync_bank(bank: Bank) -> SyncResult:
    if bank.problems:
        raise BankHasProblems("\n".join(f"{p.location}: {p.message}" for p in bank.problems))
    result = SyncResult()
    now = timezone.now()
    existing = {
        q.id: q for q in Question.objects.select_for_update(of=("self",)).select_related("current")
    }
    for position, item in enumerate(bank.questions):
        content, digest = item.content(), item.content_hash
        question = existing.pop(item.id, None)
        fields = {
            "chapter": item.chapter,
            "section": item.section,
            "domain": item.domain,
            "position": position,
        }
        if question is None:
            question = Question.objects.create(id=item.id, created=now, updated=now, **fields)
            question.current = QuestionVersion.objects.create(
                question=question, number=1, content=content, content_hash=digest, created=now
            )
            question.save(update_fields=["current"])
            result.added += 1
            continue
        same = question.active and question.current and question.current.content_hash == digest
        if same:
            result.unchanged += 1
            if any(getattr(question, k) != v for k, v in fields.items()):
                for key, value in fields.items():
                    setattr(question, key, value)
                question.save(update_fields=list(fields))
            continue
        version = QuestionVersion.objects.filter(question=question, content_hash=digest).first()
        if version is None:
            latest = question.versions.aggregate(n=Max("number"))["n"] or 0
            version = QuestionVersion.objects.create(
                question=question,
                number=latest + 1,
                content=content,
                content_hash=digest,
                created=now,
            )
        for key, value in fields.items():
            setattr(question, key, value)
        question.current, question.active, question.updated = version, True, now
        question.save()
        result.changed += 1
    for question in existing.values():
        if question.active:
            question.active, question.updated = False, now
            question.save(update_fields=["active", "updated"])
            result.retired += 1
    return result
