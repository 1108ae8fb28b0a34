"""`manage.py check` reports every broken question file with its file and line.

Codes: E001 unreadable file (too large, binary, not UTF-8), E002 not YAML or not a list
of questions, E003 a missing, unknown or invalid field, E004 bad options (count, the
number marked correct differs from 'choose', duplicates), E005 duplicate id, E006 the
chapter or section does not exist, E007 a reference that is not an AWS documentation URL.
"""

from __future__ import annotations

from django.core import checks

from studysite.chapters.loader import build_library

from .bank import Bank, build_bank


@checks.register("questions")
def check_questions(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return question_errors(build_bank(build_library()))


def question_errors(bank: Bank) -> list[checks.CheckMessage]:
    """What :func:`check_questions` reports, for a bank already built (the static export
    checks the one it exports)."""
    return [
        checks.Error(
            problem.message,
            hint=problem.hint or None,
            obj=problem.location,
            id=f"quiz.{problem.code}",
        )
        for problem in bank.problems
    ]
