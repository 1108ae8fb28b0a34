from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "studysite.progress"
    label = "progress"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from studysite.quiz.models import Answer, Practice
        from studysite.quiz.ownership import OWNED_MODELS

        from .signals import merge_after_sign_in, schedule_answer
        from .sources import record_answer, record_practice

        # Sign-in adopts review cards and chapters read with the answers (the quiz's
        # receiver does the move); deleting one's data deletes every listed model's rows.
        for label in ("progress.ReviewCard", "progress.ChapterRead"):
            if label not in OWNED_MODELS:
                OWNED_MODELS.append(label)
        # Which kind of attempt each answer belongs to, for the history's list of attempts.
        post_save.connect(record_answer, sender=Answer, dispatch_uid="progress-answer-source")
        post_save.connect(record_practice, sender=Practice, dispatch_uid="progress-practice")
        # The quiz knows nothing of reviews: every new answer reschedules its card here.
        post_save.connect(schedule_answer, sender=Answer, dispatch_uid="progress-schedule")
        # Connected after the quiz's adoption receiver (apps are readied in order), so it
        # sees the adopted cards and folds an account's duplicates together.
        user_logged_in.connect(merge_after_sign_in, dispatch_uid="progress-merge-cards")
