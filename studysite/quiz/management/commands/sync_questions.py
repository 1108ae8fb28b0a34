"""Load notes/questions/*.yaml into the database (safe to rerun)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from studysite.chapters.loader import build_library
from studysite.quiz.bank import build_bank
from studysite.quiz.sync import BankHasProblems, sync_bank


class Command(BaseCommand):
    # The command checks the question files itself; a broken chapter elsewhere in the
    # notes (reported by `check --tag notes`) must not stop it.
    requires_system_checks = ()
    help = (
        "Add new questions, version changed ones and retire removed ones. "
        "Refuses to run while any question file has a problem (see `manage.py check`)."
    )

    def handle(self, *args, **options) -> None:
        try:
            result = sync_bank(build_bank(build_library()))
        except BankHasProblems as exc:
            raise CommandError(
                f"The question files have problems; nothing was synced.\n{exc}"
            ) from None
        self.stdout.write(f"Questions: {result}.")
