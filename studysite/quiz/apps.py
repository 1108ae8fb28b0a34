from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "studysite.quiz"
    label = "quiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the questions system check
