"""The bucket-name validator and key checker as a learner uses them."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_checklist_updates_live_as_you_type(page):
    page.goto("/tools/bucket-name/")
    name = page.get_by_label("Bucket name", exact=True)
    name.press_sequentially("My_Bucket", delay=20)
    result = page.locator(".widget-result")
    expect(result).to_contain_text("Not a valid name")
    expect(result.locator("mark").first).to_have_text("M")
    expect(result.locator(".checklist .fail")).to_have_count(2)
    result.get_by_role("link", name="my-bucket").click()
    expect(page).to_have_url(re.compile(r"\?name=my-bucket&kind=general-purpose$"))
    expect(page.locator(".verdict")).to_contain_text("A valid general purpose bucket name")


def test_switching_to_a_directory_bucket_rechecks(page):
    page.goto("/tools/bucket-name/?name=photos--usw2-az1--x-s3")
    expect(page.locator(".verdict")).to_contain_text("Not a valid name")
    page.get_by_label("Bucket type").select_option("directory")
    expect(page.locator(".verdict")).to_contain_text("A valid directory bucket name")


def test_the_key_checker_counts_bytes_live(page):
    page.goto("/tools/object-key/")
    page.get_by_label("Object key", exact=True).fill("photos/été/")
    result = page.locator(".widget-result")
    expect(result).to_contain_text("13 of 1024 bytes")
    expect(result).to_contain_text("photos/%C3%A9t%C3%A9/")
    expect(result).to_contain_text("folder")
