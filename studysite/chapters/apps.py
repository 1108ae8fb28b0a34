from django.apps import AppConfig


class ChaptersConfig(AppConfig):
    name = "studysite.chapters"
    label = "chapters"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the notes system check
