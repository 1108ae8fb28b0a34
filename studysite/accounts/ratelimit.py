"""Abuse limits on actions that cost the site something: sign-ups and password-reset mail.

Each limit counts one action per client IP or per email address in a fixed window
(``settings.RATE_LIMITS``: scope -> (how many, seconds)). Counting is one upsert and one
``UPDATE ... SET count = count + 1`` on a row per (scope, key, window), so it is exact
under concurrency on both databases: PostgreSQL holds the row lock until commit and SQLite
serialises writers, so 20 simultaneous requests count to 20, never to 1.

The counters live in the database rather than a cache: the default cache is per process,
and a limit that each gunicorn worker (or app server) counts alone is several limits.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .client_ip import client_ip
from .models import RateCounter

# One sweep of old windows in this many counted actions (keeps the table small without a
# scheduled job).
SWEEP_ONE_IN = 50
KEEP = timedelta(days=2)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    wait_seconds: int = 0  # until the window ends, when refused

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.wait_seconds / 60))


def _window(now: datetime, seconds: int) -> datetime:
    start = math.floor(now.timestamp() / seconds) * seconds
    return datetime.fromtimestamp(start, tz=UTC)


def count(scope: str, value: str, *, now: datetime | None = None) -> Verdict:
    """Count one action of ``value`` (an IP, an address) under ``scope``; refused when
    this one goes over the limit. Call inside the transaction that does the action if a
    refused or failed action must not count (sign-up), outside it if every try counts."""
    limit, seconds = settings.RATE_LIMITS[scope]
    now = now or timezone.now()
    window = _window(now, seconds)
    key = salted_hmac("accounts.ratelimit", f"{scope}\0{value}", algorithm="sha256").hexdigest()
    row = {"scope": scope, "key": key, "window": window}
    with transaction.atomic():
        RateCounter.objects.bulk_create([RateCounter(**row, count=0)], ignore_conflicts=True)
        RateCounter.objects.filter(**row).update(count=F("count") + 1)
        seen = RateCounter.objects.filter(**row).values_list("count", flat=True).get()
    if random.randrange(SWEEP_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(window__lt=now - KEEP).delete()
    if seen > limit:
        left = (window + timedelta(seconds=seconds) - now).total_seconds()
        return Verdict(False, max(1, math.ceil(left)))
    return Verdict(True)


def client_key(request: HttpRequest) -> str:
    """The client as the limits see it: its IP through the trusted proxies."""
    return client_ip(request) or "unknown"


def refused(request: HttpRequest, verdict: Verdict, what: str, reason: str) -> HttpResponse:
    """The 429 page: what was refused, why, and when to try again."""
    context = {"what": what, "reason": reason, "minutes": verdict.minutes}
    response = render(request, "accounts/rate_limited.html", context, status=429)
    response["Retry-After"] = str(verdict.wait_seconds)
    response["Cache-Control"] = "no-store"
    return response
