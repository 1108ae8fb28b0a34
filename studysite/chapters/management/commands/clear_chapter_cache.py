from django.core.cache import caches
from django.core.management.base import BaseCommand

from studysite.chapters.loader import reset_library


class Command(BaseCommand):
    help = "Empty the rendered-chapter cache (the 'chapters' cache alias) and nothing else."

    def handle(self, *args, **options) -> None:
        caches["chapters"].clear()
        reset_library()
        self.stdout.write("Chapter cache cleared.")
