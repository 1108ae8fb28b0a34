"""Time the history page with 10,000 answers, side by side with a chapter page.

DESIGN.md's target: the history page costs a constant number of SQL queries and renders
in under 100 ms with 10,000 answers. This script builds a throwaway SQLite database in a
temporary folder (migrated, the real notes and questions synced, one user with 10,000
answers spread over 90 days), then times warm requests through Django's test client, in
process, so the numbers are the view's own work (no network, no server):

    .venv/bin/python benchmarks/history.py [--answers N] [--runs N]

It prints the median and 90th percentile of each page, their ratio, and the history
page's query count. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(var_dir: Path) -> None:
    """Production-like settings on a throwaway database, before Django is imported."""
    for key in [k for k in os.environ if k.startswith(("DJANGO_", "STUDYSITE_"))]:
        if key != "STUDYSITE_NOTES_DIR":
            del os.environ[key]
    os.environ.update(
        DJANGO_SETTINGS_MODULE="studysite.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_LOG_LEVEL="WARNING",
        STUDYSITE_PLAIN_STATIC="1",
        STUDYSITE_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
    )
    sys.path.insert(0, str(ROOT))


def timed(client, path: str, runs: int) -> list[float]:
    for _ in range(3):  # warm: caches, template loading, the bank
        assert client.get(path).status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, path
    return times


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="history-bench-") as tmp:
        configure(Path(tmp))
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from studysite.chapters.loader import get_library
        from studysite.quiz.bank import get_bank
        from studysite.quiz.models import Answer, Question
        from studysite.quiz.sync import sync_bank

        call_command("migrate", verbosity=0)
        sync_bank(get_bank())
        questions = list(Question.objects.filter(active=True).select_related("current"))
        user = get_user_model().objects.create_user("bench")  # force_login: no password
        rng = random.Random(42)
        now = timezone.now()
        answers = []
        for _ in range(args.answers):
            question = rng.choice(questions)
            answers.append(
                Answer(
                    user=user,
                    question=question,
                    question_version=question.current,
                    chosen=[0],
                    correct=rng.random() < 0.7,
                    confidence=rng.choice([None, "sure", "unsure"]),
                    created=now - timezone.timedelta(minutes=rng.randrange(90 * 24 * 60)),
                )
            )
        # bulk_create skips post_save: review cards are not what is measured here.
        Answer.objects.bulk_create(answers, batch_size=1000)

        client = Client()
        client.force_login(user)
        chapters = get_library().chapters
        chapter = max(chapters, key=lambda c: len(c.sections))  # the largest chapter
        chapter_times = timed(client, chapter.url, args.runs)
        history_times = timed(client, "/history/", args.runs)
        with CaptureQueriesContext(connection) as queries:
            client.get("/history/")
        query_count = len(queries)

        ch, hi = statistics.median(chapter_times), statistics.median(history_times)
        print(f"{args.answers} answers, {len(questions)} questions, {args.runs} warm runs each")
        print(f"chapter {chapter.url:<40} median {ch:7.1f} ms  p90 {p90(chapter_times):7.1f} ms")
        print(f"{'history /history/':<48} median {hi:7.1f} ms  p90 {p90(history_times):7.1f} ms")
        print(f"history / chapter: {hi / ch:.2f}x; history SQL queries: {query_count}")
        verdict = "meets" if hi < 100 else "MISSES"
        print(f"target < 100 ms with 10,000 answers: {verdict} ({hi:.1f} ms median)")


if __name__ == "__main__":
    main()
