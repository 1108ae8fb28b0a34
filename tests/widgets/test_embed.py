"""Embeds in chapters and the tool pages they lead to (issue 21): titles that say what
each embed is for, the way back to the chapter without JavaScript, the storage-class
picker's exam scenarios in every embed, and no red error for a field just cleared."""

from __future__ import annotations

import re

import pytest

from studysite.widgets.embed import BACK_RE
from studysite.widgets.logic import storage_classes


@pytest.fixture
def chapter(write_note):
    write_note(
        "buckets.md",
        """
        ## Naming rules {#naming}

        ::: widget bucket-name
            name: My_Bucket

        ## Directory bucket names {#directory-names}

        ::: widget bucket-name
            name: logs--usw2-az1--x-s3
            kind: directory

        ## Costs {#costs}

        ::: widget storage-class
        """,
        title="Buckets",
    )
    return "/notes/buckets/"


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="widget-title" id="w\d+-title">([^<]+)</h3>', html)


def test_a_widget_embedded_twice_names_the_section_each_serves(client, chapter):
    html = client.get(chapter).content.decode()
    assert titles(html) == [
        "S3 bucket name validator: Naming rules",
        "S3 bucket name validator: Directory bucket names",
        "S3 storage-class picker",  # embedded once: its own name is enough
    ]
    assert "(2)" not in html


def test_each_embed_sends_its_section_so_the_tool_page_leads_back(client, chapter):
    html = client.get(chapter).content.decode()
    assert '<input type="hidden" name="back" value="/notes/buckets/#naming">' in html
    assert '<input type="hidden" name="back" value="/notes/buckets/#directory-names">' in html
    page = client.post(
        "/tools/bucket-name/", {"name": "amzn-s3-demo-bucket", "back": "/notes/buckets/#naming"}
    ).content.decode()
    assert (
        '<a href="/notes/buckets/#naming"><span aria-hidden="true">← </span>Back to the chapter'
        in page
    )
    # The next submit from that page keeps the way back.
    assert '<input type="hidden" name="back" value="/notes/buckets/#naming">' in page


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.example/",
        "//evil.example/notes/x/",
        "/notes/x/#a b",
        "/notes/../admin/",
        "javascript:alert(1)",
        "/notes/x/\n",
        "/tools/s3-uri/",
    ],
)
def test_only_a_chapter_section_is_ever_linked_back_to(client, back):
    assert not BACK_RE.fullmatch(back)
    page = client.post("/tools/bucket-name/", {"name": "abc", "back": back}).content.decode()
    assert "Back to the chapter" not in page


def test_the_storage_class_embed_offers_the_exam_scenarios(client, chapter):
    html = client.get(chapter).content.decode()
    section = html.split('class="widget widget-storage"')[1]
    for _id, label, _values in storage_classes.PRESETS:
        assert label in section
    # Each scenario is a link to the tool page with its values (and the way back).
    assert re.search(
        r'href="/tools/storage-class/\?data_gb=[^"]*back=%2Fnotes%2Fbuckets%2F%23costs"', section
    )
    assert section.count("data-preset") == len(storage_classes.PRESETS)
    # On its own page the scenarios sit in the form, not again below it.
    tool = client.get("/tools/storage-class/").content.decode()
    assert "data-preset" in tool and "Examples to try" not in tool


def test_a_field_cleared_while_typing_gets_the_neutral_prompt(client):
    live = client.post(
        "/tools/bucket-name/",
        {"name": "", "kind": "general-purpose"},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert "Type a bucket name to check it against every rule." in live
    assert "required" not in live and 'role="alert"' not in live
    sent = client.post("/tools/bucket-name/", {"name": "", "kind": "general-purpose"}).content
    assert b'role="alert"' in sent and b"required" in sent


def test_hints_that_need_javascript_say_so_in_markup(client):
    html = client.get("/tools/bucket-name/").content.decode()
    assert '<span class="js-only">Checked as you type; </span>' in html
    assert '<span class="no-js">Checked when you press the button; </span>' in html


def test_live_forms_queue_rather_than_abort_superseded_requests(client):
    for name in ("bucket-name", "s3-uri", "object-key", "storage-class", "cli-explain"):
        html = client.get(f"/tools/{name}/").content.decode()
        assert 'hx-sync="this:queue last"' in html and "this:replace" not in html
