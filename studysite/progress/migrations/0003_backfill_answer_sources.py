# ruff: noqa: RUF012 - Django migrations use lists here
"""Mark the answers given before sources were recorded: practice sets list their answer
ids, and a finished exam's answers were created at each item's ``answered`` time (or the
exam's end). Everything else stays a chapter quiz (review answers cannot be told apart)."""

from django.db import migrations


def backfill(apps, schema_editor):
    Answer = apps.get_model("quiz", "Answer")
    Practice = apps.get_model("quiz", "Practice")
    ExamItem = apps.get_model("quiz", "ExamItem")
    AnswerSource = apps.get_model("progress", "AnswerSource")
    rows = {}
    for practice in Practice.objects.iterator():
        for answer_id in practice.answer_ids or []:
            rows[answer_id] = AnswerSource(answer_id=answer_id, mode="practice", ref=practice.pk)
    items = ExamItem.objects.filter(exam__finished__isnull=False, chosen__isnull=False)
    for item in items.select_related("exam").iterator():
        exam = item.exam
        owner = {"user_id": exam.user_id} if exam.user_id else {"session_key": exam.session_key}
        created = item.answered or exam.finished
        for answer_id in Answer.objects.filter(
            **owner, question_id=item.question_id, created=created
        ).values_list("pk", flat=True):
            rows[answer_id] = AnswerSource(answer_id=answer_id, mode="exam", ref=exam.pk)
    existing = set(Answer.objects.filter(pk__in=list(rows)).values_list("pk", flat=True))
    AnswerSource.objects.bulk_create(
        [row for pk, row in rows.items() if pk in existing], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_reading_and_sources")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
