"""A small notes folder with one chapter and a question file, for the quiz tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from studysite.quiz import cards
from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.sync import sync_bank

from .exam_helpers import clock, exam_bank  # noqa: F401  (the mock exam tests' fixtures)

CHAPTER = """
## Endpoints {#endpoints}

S3 has several endpoints.

## Dots in names {#dots}

Avoid dots.
"""

SINGLE = """
- id: s3-one
  chapter: s3-basics
  section: endpoints
  domain: 3
  task: "3.4"
  type: single
  choose: 1
  stem: Which endpoint supports **IPv6**?
  options:
    - text: Dual-stack
      correct: true
      explanation: It answers over IPv6 and IPv4.
    - text: Website
      correct: false
      explanation: HTTP only, IPv4.
    - text: FIPS
      correct: false
      explanation: For FIPS 140 TLS.
    - text: Legacy global
      correct: false
      explanation: No Region, IPv4.
  references:
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/dual-stack-endpoints.html
"""

MULTIPLE = """
- id: s3-two
  chapter: s3-basics
  section: dots
  domain: 1
  task: 1.2
  type: multiple
  choose: 2
  stem: Which two are true about dots in bucket names? (Choose two.)
  options:
    - text: HTTPS virtual-hosted requests fail the certificate check
      correct: true
      explanation: The wildcard covers one label.
    - text: Transfer Acceleration refuses them
      correct: true
      explanation: Accelerated bucket names have no dots.
    - text: They are not allowed at all
      correct: false
      explanation: They are allowed.
    - text: They make buckets private
      correct: false
      explanation: Names do not change access.
    - text: They need a dual-stack endpoint
      correct: false
      explanation: Unrelated.
  references:
    - https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
"""


@pytest.fixture
def quiz_notes(write_note) -> Callable[..., Path]:
    """A chapter `s3-basics` plus a writer for notes/questions/NAME.yaml."""
    write_note("s3-basics.md", CHAPTER, title="S3 basics", order=20, domains="[1, 3]")
    write_note("empty.md", "## Nothing {#nothing}\n\nNo questions here.\n", title="Empty")
    questions = write_note.dir / "questions"
    questions.mkdir()
    reset_bank()

    def write(name: str, text: str) -> Path:
        path = questions / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        reset_bank()
        return path

    write.dir = questions  # type: ignore[attr-defined]
    yield write
    reset_bank()


@pytest.fixture
def synced(quiz_notes, db):
    """Both sample questions written and synced to the database."""
    quiz_notes("bank.yaml", SINGLE + MULTIPLE)
    bank = build_bank()
    assert bank.problems == ()
    sync_bank(bank)
    return quiz_notes


@pytest.fixture(autouse=True)
def file_order_options(request, monkeypatch):
    """Most page tests post file indexes, so options keep file order there; tests of the
    shuffle itself (and the browser tests, which click what they see) are marked
    ``shuffled`` and get the real per-attempt order."""
    if request.node.get_closest_marker("shuffled") is None:
        monkeypatch.setattr(cards, "_permute", lambda indexes, seed: None)
