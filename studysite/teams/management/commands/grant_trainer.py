"""``manage.py grant_trainer USERNAME``: give an account the trainer role."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studysite.teams.services import trainer_grant


class Command(BaseCommand):
    help = "Give USERNAME the trainer role (may create and run teams)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        trainer_grant(user=user)
        self.stdout.write(f"{username} is now a trainer.")
