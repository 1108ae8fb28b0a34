from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "studysite.quiz"
    label = "quiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from studysite.chapters.versions import EXTRA_VERSIONS

        from . import checks  # noqa: F401 - registers the questions system check
        from .bank import get_bank
        from .exam_service import close_before_adoption
        from .ownership import OWNED_MODELS, adopt_anonymous_rows

        for label in ("quiz.Flag", "quiz.Practice", "quiz.Exam", "quiz.ChapterRound"):
            if label not in OWNED_MODELS:
                OWNED_MODELS.append(label)
        # One open exam per owner: an anonymous exam in progress is submitted before
        # adoption when the account already has one open (connected first, so it runs first).
        user_logged_in.connect(close_before_adoption, dispatch_uid="quiz-close-open-exam")
        # Chapter pages state how many questions a chapter has: a new bank renews them.
        if get_bank not in EXTRA_VERSIONS:
            EXTRA_VERSIONS.append(get_bank)
        # On sign-in (and sign-up), what the visitor did anonymously becomes theirs.
        user_logged_in.connect(adopt_anonymous_rows, dispatch_uid="quiz-adopt-anonymous")
