"""The SigV4 signer and the CLI explainer as a learner uses them, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_signer_recomputes_as_you_edit_and_never_puts_the_secret_in_a_url(page):
    requests = []
    page.on("request", lambda r: requests.append((r.method, r.url, r.post_data or "")))
    page.goto("/tools/sigv4/?timestamp=20250115T093000Z")
    result = page.locator(".widget-result")
    expect(result).to_contain_text(
        "Authorization: AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE"
    )
    page.get_by_label("a presigned URL").check()
    expect(result).to_contain_text("The presigned URL")
    expect(result).to_contain_text("X-Amz-Expires=3600")
    page.get_by_label("Secret access key").fill("NotTheExampleKeyButStillFake0123456789abc")
    expect(result.locator(".notes")).to_contain_text("not one of AWS's example secret keys")
    posts = [r for r in requests if r[0] == "POST"]
    assert posts and all("/tools/sigv4/" in url and "?" not in url for _m, url, _d in posts)
    assert all("NotTheExample" not in url for _m, url, _d in requests)
    # The tool page is shared by every visitor and carries no token (issue 14): the secret
    # travels only in the POST body, which the server accepts as a same-origin post.
    assert "NotTheExample" in posts[-1][2]


def test_the_debugging_mode_shows_where_aws_disagrees(page):
    page.goto("/tools/sigv4/?timestamp=20250115T093000Z")
    page.get_by_text("Debugging a SignatureDoesNotMatch error?").click()
    page.get_by_label(re.compile("Paste the CanonicalRequest")).fill(
        "GET\n/photos/cat.jpg\n\nhost:amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com\n"
        "x-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20250115T093000Z\n\n"
        "host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"
    )
    table = page.locator(".compare-table")
    expect(table.locator("tr.cmp-different")).to_have_count(2)
    expect(page.locator(".comparison .verdict")).to_contain_text("They differ")


def test_the_cli_explainer_links_each_word_and_suggests_fixes(page):
    page.goto("/tools/cli-explain/")
    page.get_by_label("An aws command").fill("aws s3api put-objct --bucket amzn-s3-demo-bucket")
    result = page.locator(".widget-result")
    expect(result).to_contain_text("Did you mean put-object?")
    result.get_by_role("link", name="Explain the corrected command").click()
    expect(page.locator(".verdict")).to_contain_text("1 problem")  # --key is still missing
    expect(page.locator(".cli-summary")).to_contain_text("PUT /{Bucket}/{Key+}")
    page.locator(".cli-command a.tok-operation").click()
    expect(page).to_have_url(re.compile(r"#tool-tok-2$"))
    expect(page.locator("#tool-tok-2")).to_be_visible()


def test_the_cli_chapter_embed_round_trips(page):
    # The first render of this chapter loads awscli's models for its embed (cold: seconds
    # on a busy machine), so the page gets longer than the default 10 s here.
    page.goto("/notes/aws-cli/", timeout=60_000)
    widget = page.locator(".widget-cli")
    widget.get_by_label("An aws command").fill("aws s3 ls s3://amzn-s3-demo-bucket/ --recursive")
    expect(widget.locator(".verdict")).to_contain_text("The AWS CLI would accept this command")
    expect(widget.locator(".learn-more")).to_contain_text("The s3, s3api and s3control levels")
