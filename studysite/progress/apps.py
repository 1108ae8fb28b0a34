from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "studysite.progress"
    label = "progress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from studysite.quiz.models import Answer
        from studysite.quiz.ownership import OWNED_MODELS

        from .signals import merge_after_sign_in, schedule_answer

        # Sign-in adopts review cards with the answers (the quiz's receiver does the move).
        if "progress.ReviewCard" not in OWNED_MODELS:
            OWNED_MODELS.append("progress.ReviewCard")
        # The quiz knows nothing of reviews: every new answer reschedules its card here.
        post_save.connect(schedule_answer, sender=Answer, dispatch_uid="progress-schedule")
        # Connected after the quiz's adoption receiver (apps are readied in order), so it
        # sees the adopted cards and folds an account's duplicates together.
        user_logged_in.connect(merge_after_sign_in, dispatch_uid="progress-merge-cards")
