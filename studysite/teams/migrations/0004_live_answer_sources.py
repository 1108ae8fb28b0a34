# ruff: noqa: RUF012 - Django migrations use lists here
"""Label the quiz answers that live sessions recorded before they were labelled
(progress 0005 added the "live" mode): a signed-in participant's ``LiveAnswer`` and its
``quiz.Answer`` were written in one transaction, the quiz answer a moment later, for the
same user, question and options. Anything not found stays a chapter-quiz answer."""

from datetime import timedelta

from django.db import migrations

# answer_record ran right after the live answer's insert, in the same transaction.
WITHIN = timedelta(seconds=5)


def backfill(apps, schema_editor):
    LiveAnswer = apps.get_model("teams", "LiveAnswer")
    Answer = apps.get_model("quiz", "Answer")
    AnswerSource = apps.get_model("progress", "AnswerSource")
    rows = {}
    # Live answers already labelled (a second run, or answers given since the label).
    done = set(
        AnswerSource.objects.filter(mode="live").values_list(
            "answer__user_id", "answer__question_id", "ref"
        )
    )
    lives = LiveAnswer.objects.filter(participant__user__isnull=False).select_related(
        "session", "participant"
    )
    for live in lives.order_by("created", "pk").iterator():
        ids = live.session.question_ids
        if not 0 <= live.index < len(ids):
            continue
        key = (live.participant.user_id, ids[live.index], live.session_id)
        if key in done:
            continue
        done.add(key)
        candidates = Answer.objects.filter(
            user_id=live.participant.user_id,
            question_id=ids[live.index],
            created__gte=live.created,
            created__lt=live.created + WITHIN,
            source__isnull=True,
        ).order_by("created", "pk")
        for answer in candidates:
            if answer.pk not in rows and sorted(answer.chosen) == sorted(live.chosen):
                rows[answer.pk] = AnswerSource(
                    answer_id=answer.pk, mode="live", ref=live.session_id
                )
                break
    AnswerSource.objects.bulk_create(list(rows.values()), batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0003_live_sessions"),
        ("progress", "0005_live_answers"),
        ("quiz", "0005_chapter_round"),
    ]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
