"""Answers feed the review schedule; sign-in folds adopted cards together.

The quiz never imports this app: every ``quiz.Answer`` created anywhere (chapter quiz,
mock exam, custom practice) reaches :func:`schedule_answer` through ``post_save``.
Which answers create a card and how each one is rated is in :mod:`.schedule`. Answers
given on the review page are the exception: the learner rates them there (Again, Hard,
Good, Easy), and :mod:`.review` applies that rating, so this receiver leaves them alone.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from studysite.quiz.models import Answer

from . import schedule
from .models import Mode, ReviewCard
from .sources import current_mode


def answer_owner(answer: Answer) -> Q | None:
    if answer.user_id:
        return Q(user_id=answer.user_id)
    if answer.session_key:
        return Q(user__isnull=True, session_key=answer.session_key)
    return None


def schedule_answer(sender, instance: Answer, created: bool, raw: bool = False, **kwargs) -> None:
    """``post_save`` receiver for ``quiz.Answer``: apply a new answer to its card."""
    if not created or raw or current_mode() == Mode.REVIEW:
        return
    owner = answer_owner(instance)
    if owner is None:
        return
    with transaction.atomic():
        cards = list(
            ReviewCard.objects.select_for_update()
            .filter(owner, question_id=instance.question_id)
            .order_by("-updated", "-pk")
        )
        card = cards[0] if cards else None
        if card is None and not schedule.enters_schedule(instance.correct, instance.confidence):
            return
        if len(cards) > 1:  # adopted or raced duplicates: the latest state wins
            ReviewCard.objects.filter(pk__in=[c.pk for c in cards[1:]]).delete()
        result = schedule.review(
            card.fsrs if card else None, instance.correct, instance.confidence, instance.created
        )
        if card is None:
            card = ReviewCard(
                user_id=instance.user_id,
                session_key="" if instance.user_id else instance.session_key,
                question_id=instance.question_id,
                created=instance.created,
            )
        card.fsrs, card.due, card.urgent = result.state, result.due, result.urgent
        card.reviews += 1
        card.updated = max(card.updated, instance.created) if card.pk else instance.created
        card.save()


def merge_duplicates(user) -> int:
    """Fold a user's cards for the same question into one; returns how many were removed.

    The most recently answered card keeps its FSRS state; if any of them was urgent, the
    merged card is urgent and due at the earliest of their due times.
    """
    doubled = list(
        ReviewCard.objects.filter(user=user)
        .values("question_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .values_list("question_id", flat=True)
    )
    if not doubled:
        return 0
    removed = 0
    with transaction.atomic():
        cards = ReviewCard.objects.select_for_update().filter(user=user, question_id__in=doubled)
        groups: dict[str, list[ReviewCard]] = {}
        for card in cards.order_by("-updated", "-pk"):
            groups.setdefault(card.question_id, []).append(card)
        for group in groups.values():
            keep, rest = group[0], group[1:]
            if any(c.urgent for c in group):
                keep.urgent = True
                keep.due = min(c.due for c in group)
            keep.reviews = sum(c.reviews for c in group)
            keep.created = min(c.created for c in group)
            keep.save()
            ReviewCard.objects.filter(pk__in=[c.pk for c in rest]).delete()
            removed += len(rest)
    return removed


def merge_after_sign_in(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver, run after the quiz's adoption of anonymous rows."""
    if user is not None:
        merge_duplicates(user)
