"""sync_questions: idempotent, versions changed questions, retires removed ones, and never
loses an answer; export_questions prints the DESIGN.md contract."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from studysite.quiz.bank import build_bank
from studysite.quiz.models import Answer, Question, QuestionVersion
from studysite.quiz.sync import BankHasProblems, sync_bank

from .conftest import MULTIPLE, SINGLE

pytestmark = pytest.mark.django_db


def sync_output(capsys) -> str:
    call_command("sync_questions")
    return capsys.readouterr().out.strip()


def test_sync_adds_then_is_idempotent(quiz_notes, capsys):
    quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    assert sync_output(capsys) == "Questions: 2 added, 0 changed, 0 retired, 0 unchanged."
    assert sync_output(capsys) == "Questions: 0 added, 0 changed, 0 retired, 2 unchanged."
    assert QuestionVersion.objects.count() == 2
    one = Question.objects.get(pk="s3-one")
    assert (one.chapter, one.section, one.domain, one.active) == ("s3-basics", "endpoints", 3, True)
    assert one.current.number == 1
    assert one.current.content["stem"] == "Which endpoint supports **IPv6**?"


def test_a_changed_question_gets_a_new_version_and_old_answers_keep_theirs(quiz_notes, capsys):
    path = quiz_notes("bank.yaml", SINGLE)
    sync_output(capsys)
    one = Question.objects.get(pk="s3-one")
    first = one.current
    Answer.objects.create(
        session_key="abc", question=one, question_version=first, chosen=[0], correct=True
    )
    path.write_text(SINGLE.replace("**IPv6**", "IPv6"), encoding="utf-8")
    assert sync_output(capsys) == "Questions: 0 added, 1 changed, 0 retired, 0 unchanged."
    one.refresh_from_db()
    assert one.current.number == 2
    assert one.current.content_hash != first.content_hash
    answer = Answer.objects.get()
    assert answer.question_version == first
    assert answer.question_version.content["stem"] == "Which endpoint supports **IPv6**?"
    # Changing it back reuses version 1 rather than duplicating it.
    path.write_text(SINGLE, encoding="utf-8")
    assert sync_output(capsys) == "Questions: 0 added, 1 changed, 0 retired, 0 unchanged."
    one.refresh_from_db()
    assert one.current == first
    assert QuestionVersion.objects.filter(question=one).count() == 2


def test_a_removed_question_is_retired_never_deleted(quiz_notes, capsys):
    path = quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    sync_output(capsys)
    two = Question.objects.get(pk="s3-two")
    Answer.objects.create(
        session_key="abc", question=two, question_version=two.current, chosen=[0, 1], correct=True
    )
    path.write_text(SINGLE, encoding="utf-8")
    assert sync_output(capsys) == "Questions: 0 added, 0 changed, 1 retired, 1 unchanged."
    two.refresh_from_db()
    assert not two.active
    assert Answer.objects.filter(question=two).count() == 1
    assert sync_output(capsys) == "Questions: 0 added, 0 changed, 0 retired, 1 unchanged."
    # Back in the files: active again.
    path.write_text(SINGLE + MULTIPLE, encoding="utf-8")
    assert sync_output(capsys) == "Questions: 0 added, 1 changed, 0 retired, 1 unchanged."
    two.refresh_from_db()
    assert two.active and two.current.number == 1


def test_a_broken_bank_is_never_synced(quiz_notes, capsys):
    path = quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    sync_output(capsys)
    path.write_text(SINGLE.replace("domain: 3", "domain: 7") + MULTIPLE, encoding="utf-8")
    with pytest.raises(CommandError, match=r"bank.yaml:5: .*domain must be"):
        call_command("sync_questions")
    with pytest.raises(BankHasProblems):
        sync_bank(build_bank())
    assert Question.objects.filter(active=True).count() == 2


def test_export_prints_active_questions_as_the_contract_says(quiz_notes, capsys):
    path = quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    sync_output(capsys)
    call_command("export_questions")
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["s3-one", "s3-two"]
    one = records[0]
    assert list(one) == [
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
    ]
    assert one == {
        "id": "s3-one",
        "domain": 3,
        "task": "3.4",
        "chapter": "s3-basics",
        "section": "endpoints",
        "type": "single",
        "choose": 1,
        "stem": "Which endpoint supports **IPv6**?",
        "options": [
            {
                "text": "Dual-stack",
                "correct": True,
                "explanation": "It answers over IPv6 and IPv4.",
            },
            {"text": "Website", "correct": False, "explanation": "HTTP only, IPv4."},
            {"text": "FIPS", "correct": False, "explanation": "For FIPS 140 TLS."},
            {"text": "Legacy global", "correct": False, "explanation": "No Region, IPv4."},
        ],
        "references": [
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html"
        ],
    }
    assert (records[1]["type"], records[1]["choose"]) == ("multiple", 2)
    # Retired questions are left out.
    path.write_text(MULTIPLE, encoding="utf-8")
    sync_output(capsys)
    call_command("export_questions")
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == ["s3-two"]
