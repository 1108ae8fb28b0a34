"""Question files on disk -> a validated question bank.

Data flows one way: ``notes/questions/*.yaml`` -> :func:`build_bank` (every field checked,
each problem with file and line) -> ``sync_questions`` (database) and the "Test yourself"
link. The YAML is *composed* rather than loaded so that every value keeps its node and
therefore its line. A broken file never raises here: its problems are collected and the
``questions`` system check reports them; a question with a problem is left out.

Questions point at chapter sections, so the bank is checked against the chapters library
(``quiz`` may import ``chapters``, never the reverse).

The package, by responsibility: ``schema`` (fields, limits, the question and bank
dataclasses), ``compose`` (YAML text to nodes with lines), ``checker`` (one document's
questions validated), ``parse`` (one file's bytes), ``files`` (every file into one bank)
and ``cache`` (the per-process bank).
"""

from __future__ import annotations

from .cache import get_bank, reset_bank
from .files import build_bank
from .schema import Bank, BankQuestion, Option, content_hash

__all__ = [
    "Bank",
    "BankQuestion",
    "Option",
    "build_bank",
    "content_hash",
    "get_bank",
    "reset_bank",
]
