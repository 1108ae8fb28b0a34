"""Tell which kind of attempt each new answer belongs to (see ``models.AnswerSource``).

``quiz.Answer`` does not say where it was given, and the quiz never imports this app, so:

- review answers are created by this app's own review view inside :func:`answering`,
  which the ``post_save`` receiver reads; so are a live session's (teams' ``answer_submit``
  records a signed-in participant's answer inside ``answering(Mode.LIVE, ref=session id)``);
- a mock exam's answers are created when it ends, each with ``created`` set to the time its
  item was last answered (or the end), while the exam is still open in the same
  transaction: an open exam of the same owner with an item for that question answered at
  exactly that time identifies them;
- a practice set's answer is created and then appended to the set's ``answer_ids`` in one
  transaction, saved with ``update_fields``; the ``post_save`` of ``quiz.Practice`` marks it;
- anything else is a chapter quiz answer, and gets no row.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Q

from studysite.quiz.models import Answer, ExamItem, Practice

from .models import AnswerSource, Mode

_MODE: ContextVar[tuple[str, int | None] | None] = ContextVar("progress_answer_mode", default=None)


@contextmanager
def answering(mode: str, ref: int | None = None) -> Iterator[None]:
    """Answers created inside this block are recorded as given in ``mode`` (in the set,
    exam or live session ``ref``)."""
    token = _MODE.set((mode, ref))
    try:
        yield
    finally:
        _MODE.reset(token)


def current_mode() -> str | None:
    """The mode :func:`answering` set for answers created now (None outside it)."""
    current = _MODE.get()
    return current[0] if current is not None else None


def _exam_of(answer: Answer) -> int | None:
    if answer.user_id:
        owner = Q(exam__user_id=answer.user_id)
    elif answer.session_key:
        owner = Q(exam__user__isnull=True, exam__session_key=answer.session_key)
    else:
        return None
    return (
        ExamItem.objects.filter(
            owner,
            Q(answered=answer.created) | Q(answered__isnull=True),
            exam__finished__isnull=True,
            question_id=answer.question_id,
            chosen__isnull=False,
        )
        .values_list("exam_id", flat=True)
        .first()
    )


def record_answer(sender, instance: Answer, created: bool, raw: bool = False, **kwargs) -> None:
    """``post_save`` receiver for ``quiz.Answer``."""
    if not created or raw:
        return
    current = _MODE.get()
    if current is not None:
        AnswerSource.objects.create(answer=instance, mode=current[0], ref=current[1])
        return
    if instance.confidence is None:  # the mock exam never asks for confidence
        exam_id = _exam_of(instance)
        if exam_id is not None:
            AnswerSource.objects.create(answer=instance, mode=Mode.EXAM, ref=exam_id)


def record_practice(sender, instance: Practice, raw: bool = False, **kwargs) -> None:
    """``post_save`` receiver for ``quiz.Practice``: its newest answer is a practice one."""
    fields = kwargs.get("update_fields")
    if raw or not fields or "answer_ids" not in fields or not instance.answer_ids:
        return
    answer_id = instance.answer_ids[-1]
    if isinstance(answer_id, int) and Answer.objects.filter(pk=answer_id).exists():
        AnswerSource.objects.update_or_create(
            answer_id=answer_id, defaults={"mode": Mode.PRACTICE, "ref": instance.pk}
        )
