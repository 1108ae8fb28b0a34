"""The storage-class picker as a learner uses it, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_preset_then_a_requirement_changes_the_ranking(page):
    page.goto("/tools/storage-class/")
    page.get_by_role("link", name=re.compile("Data lake")).click()
    verdict = page.locator(".widget-result .verdict").first
    expect(verdict).to_contain_text("Recommended: S3 Intelligent-Tiering")
    page.get_by_label("Needs single-digit-millisecond latency").check()
    page.get_by_label("The data must survive the loss of an Availability Zone").uncheck()
    expect(verdict).to_contain_text("S3 Express One Zone")
    expect(page.locator(".cost-chart svg rect")).to_have_count(8)


def test_bad_numbers_get_a_message_and_focusable_link(page):
    page.goto("/tools/storage-class/")
    page.get_by_label("How much data (GB)").fill("-3")
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    alert.get_by_role("link").first.click()
    expect(page.get_by_label("How much data (GB)")).to_be_focused()
