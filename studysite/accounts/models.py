"""Counters behind the abuse limits on sign-up and password reset (see :mod:`.ratelimit`)."""

from __future__ import annotations

from django.db import models


class RateCounter(models.Model):
    """How many times one thing (a client IP, an email address) did one action in one
    fixed time window. The key is an HMAC of the value under the secret key, so the table
    holds neither addresses nor IPs; rows of past windows are deleted as new ones come."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window = models.DateTimeField(help_text="Start of the window.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["scope", "key", "window"], name="accounts_ratecounter_window"
            ),
        )
        indexes = (models.Index(fields=["window"], name="accounts_ratecounter_age"),)

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}… {self.count} since {self.window:%Y-%m-%d %H:%M}"
