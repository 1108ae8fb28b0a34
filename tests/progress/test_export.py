"""/history/export.csv and .json: every field, owners apart, CSV injection, streaming."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from studysite.progress.export import safe_cell
from studysite.quiz.models import Answer, QuestionVersion

from .test_history import add_answers

pytestmark = pytest.mark.django_db
CSV, JSON = "/history/export.csv", "/history/export.json"


def body(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response))))


def test_csv_has_every_field(client, synced, give, make_user):
    user = make_user()
    client.force_login(user)
    give(user, "s3-one", True, "sure")
    answer = Answer.objects.get()
    Answer.objects.create(
        user=user,
        question_id="s3-two",
        question_version=QuestionVersion.objects.get(question_id="s3-two"),
        chosen=[0, 1],
        correct=True,
    )
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="saa-c03-answers-')
    assert response["Cache-Control"] == "no-store"
    first, second = rows(response)
    assert first == {
        "question_id": "s3-one",
        "chapter": "s3-basics",
        "section": "endpoints",
        "domain": "3",
        "mode": "chapter",
        "chosen": "A",
        "chosen_texts": "Dual-stack",
        "correct": "true",
        "confidence": "sure",
        "created": answer.created.isoformat(),
    }
    assert second["chosen"] == "A;B" and second["confidence"] == ""
    assert second["chosen_texts"] == (
        "HTTPS virtual-hosted requests fail the certificate check | "
        "Transfer Acceleration refuses them"
    )


def test_json_is_a_list_of_answers(client, synced, give, make_user):
    user = make_user()
    client.force_login(user)
    give(user, "s3-two", False, "unsure")
    response = client.get(JSON)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert len(data) == 1
    assert data[0] | {"created": ""} == {
        "question_id": "s3-two",
        "chapter": "s3-basics",
        "section": "dots",
        "domain": 1,
        "mode": "chapter",
        "chosen": [0],
        "chosen_texts": ["HTTPS virtual-hosted requests fail the certificate check"],
        "correct": False,
        "confidence": "unsure",
        "created": "",
    }


def test_owners_see_only_their_own(synced, give, make_user):
    alice, bob = make_user("alice"), make_user("bob")
    give(alice, "s3-one", True)
    give(bob, "s3-two", False)
    give("a" * 32, "s3-two", True)
    client = Client()
    client.force_login(alice)
    assert [r["question_id"] for r in rows(client.get(CSV))] == ["s3-one"]
    assert [r["question_id"] for r in json.loads(body(client.get(JSON)))] == ["s3-one"]
    # A new anonymous visitor: just the header, or an empty list.
    assert body(Client().get(CSV)).splitlines() == [
        "question_id,chapter,section,domain,mode,chosen,chosen_texts,correct,confidence,created"
    ]
    assert json.loads(body(Client().get(JSON))) == []
    anon = Client()
    anon.post("/quiz/chapter/s3-basics/", {"question": "s3-one", "version": "1", "option": "0"})
    assert [r["question_id"] for r in rows(anon.get(CSV))] == ["s3-one"]


@pytest.mark.parametrize(
    "value", ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x")']
)
def test_formula_cells_are_neutralised(client, synced, give, make_user, value):
    version = QuestionVersion.objects.get(question_id="s3-one")
    version.content["options"][0]["text"] = value
    version.save()
    user = make_user()
    client.force_login(user)
    give(user, "s3-one", True)
    (row,) = rows(client.get(CSV))
    assert row["chosen_texts"] == "'" + value
    # JSON keeps the text as it is (no spreadsheet evaluates it).
    assert json.loads(body(client.get(JSON)))[0]["chosen_texts"] == [value]


def test_safe_cell():
    assert safe_cell("plain = text") == "plain = text"
    assert safe_cell("=x") == "'=x" and safe_cell(3) == 3 and safe_cell("") == ""


def test_unicode_and_odd_stored_choices(client, synced, make_user):
    user = make_user()
    client.force_login(user)
    version = QuestionVersion.objects.get(question_id="s3-one")
    version.content["options"][0]["text"] = 'Zürich, "quoted", 東京\nnew line'
    version.save()
    for chosen in ([0], [99], ["x"], "not a list"):
        Answer.objects.create(
            user=user, question_id="s3-one", question_version=version, chosen=chosen, correct=False
        )
    got = rows(client.get(CSV))
    assert got[0]["chosen_texts"] == 'Zürich, "quoted", 東京\nnew line'
    # An index past the options keeps its number and has no text; unreadable ones are left out.
    assert [(r["chosen"], r["chosen_texts"]) for r in got[1:]] == [("99", ""), ("", ""), ("", "")]
    assert len(json.loads(body(client.get(JSON)))) == 4


def test_post_is_refused(client, synced):
    assert client.post(CSV).status_code == 405 and client.post(JSON).status_code == 405


def test_streamed_in_constant_queries_and_bounded_memory(client, synced, make_user):
    user = make_user()
    client.force_login(user)
    add_answers(user, 10)
    client.get(CSV)
    with CaptureQueriesContext(connection) as small:
        body(client.get(CSV))
    count = len(small)
    add_answers(user, 20_000 - 10)
    with CaptureQueriesContext(connection) as big:
        response = client.get(CSV)
        tracemalloc.start()
        lines = 0
        for chunk in response.streaming_content:
            lines += chunk.count(b"\n")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert lines == 20_001
    assert len(big) == count  # session, user, versions, the rows (fetched in chunks)
    # 20,000 answers as model instances would take tens of megabytes; streamed, the peak
    # is a few chunks' worth.
    assert peak < 8 * 1024 * 1024, peak
