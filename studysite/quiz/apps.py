from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "studysite.quiz"
    label = "quiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401 - registers the questions system check
        from .ownership import adopt_anonymous_rows

        # On sign-in (and sign-up), what the visitor did anonymously becomes theirs.
        user_logged_in.connect(adopt_anonymous_rows, dispatch_uid="quiz-adopt-anonymous")
