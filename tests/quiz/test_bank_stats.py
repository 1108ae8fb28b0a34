"""The real question bank, as a whole: size, exam mix, and nothing that gives a key away.

Targets from the exam guide's domain weights (30/26/24/20 %) and the bank's own rules
(issue 19): at least 400 questions, 20 per task statement, about one in five
multiple-response, the key neither usually the longest option nor parked in one
position, every question pointing at a section that exists.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.conf import settings

from studysite.chapters.loader import build_library
from studysite.quiz.bank import build_bank

WEIGHTS = {1: 30, 2: 26, 3: 24, 4: 20}
TASKS = ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4", "3.5"]
TASKS += ["4.1", "4.2", "4.3", "4.4"]


@pytest.fixture(scope="module")
def questions():
    bank = build_bank(notes_dir=settings.NOTES_DIR)
    assert bank.problems == ()
    return bank.questions


def test_the_bank_fills_six_full_mock_exams(questions):
    assert len(questions) >= 400
    # Six exams of 65 drawn by weight need this many distinct questions per domain.
    per_exam = {1: 19, 2: 17, 3: 16, 4: 13}
    counts = Counter(q.domain for q in questions)
    for domain, n in per_exam.items():
        assert counts[domain] >= 6 * n, (domain, counts[domain])


def test_the_domain_mix_is_within_three_points_of_the_exam_guide(questions):
    counts = Counter(q.domain for q in questions)
    for domain, weight in WEIGHTS.items():
        share = 100 * counts[domain] / len(questions)
        assert abs(share - weight) <= 3, (domain, round(share, 1))


def test_every_task_statement_has_twenty_questions_in_its_own_domain(questions):
    counts = Counter(q.task for q in questions)
    assert set(counts) == set(TASKS)
    assert min(counts.values()) >= 20, sorted(counts.items())
    assert all(q.task.startswith(f"{q.domain}.") for q in questions)


def test_about_one_in_five_is_multiple_response(questions):
    share = sum(q.type == "multiple" for q in questions) / len(questions)
    assert 0.15 <= share <= 0.30, share


def test_the_key_is_rarely_the_longest_option(questions):
    longest = 0
    for q in questions:
        lengths = [len(o.text) for o in q.options]
        top = max(lengths)
        keys = [len(o.text) for o in q.options if o.correct]
        if max(keys) == top and lengths.count(top) == 1:
            longest += 1
    # With 4-6 options, chance alone makes a key the strict longest about 1 time in 4.
    assert longest / len(questions) <= 0.20, longest


def test_single_answer_keys_are_spread_over_every_position(questions):
    positions = Counter(
        next(i for i, o in enumerate(q.options) if o.correct)
        for q in questions
        if q.type == "single"
    )
    total = sum(positions.values())
    assert set(positions) == {0, 1, 2, 3}
    assert max(positions.values()) / total <= 0.32, positions


def test_every_question_points_at_an_existing_section_and_an_aws_page(questions):
    library = build_library(settings.NOTES_DIR)
    anchors = {c.slug: {s.anchor for s in c.sections} for c in library.chapters}
    for q in questions:
        assert q.section in anchors.get(q.chapter, set()), (q.id, q.chapter, q.section)
        assert q.references and all(
            r.startswith("https://docs.aws.amazon.com/") for r in q.references
        ), q.id
