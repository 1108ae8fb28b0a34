"""The CLI explainer as a tool page, an htmx partial, a chapter embed and an API."""

from __future__ import annotations

import pytest
from django.test import Client

from studysite.chapters.loader import get_library
from studysite.widgets.logic import cli_explain
from studysite.widgets.topics import cli_topics

NOTES_COMMANDS = [command for c in get_library().chapters for command in c.cli_commands]


def test_the_tool_page_explains_a_linked_command(client: Client):
    command = "aws s3api put-object --bucket amzn-s3-demo-bucket --key cat.jpg --body cat.jpg"
    response = client.get("/tools/cli-explain/", {"command": command})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The AWS CLI would accept this command" in page
    assert "<code>PutObject</code>, sent as <code>PUT /{Bucket}/{Key+}</code>" in page
    assert '<a class="tok tok-operation" href="#tool-tok-2">put-object</a>' in page
    assert 'id="tool-tok-2"' in page
    assert "https://docs.aws.amazon.com/cli/latest/reference/s3api/put-object.html" in page
    # A permalink reproduces the explanation.
    assert "/tools/cli-explain/?command=aws+s3api+put-object" in page


def test_htmx_gets_only_the_result_and_mistakes_get_a_correction(client: Client):
    response = client.post(
        "/tools/cli-explain/",
        {"command": "aws s3api put-objct --bucket b --key k", "prefix": "w0"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "<form" not in page
    assert "Did you mean put-object?" in page
    assert "Explain the corrected command" in page
    assert 'href="#w0-tok-0"' in page


def test_learn_more_links_point_at_the_chapter_that_teaches_the_command():
    topics = cli_topics("s3api", "upload-part", ["--bucket", "--profile"])
    targets = [f"{t['slug']}#{t['anchor']}" for t in topics]
    assert targets[0] == "s3-uploads-performance#multipart"
    assert "aws-cli#profiles" in targets
    assert cli_topics("ec2", "describe-instances", []) == []


def test_the_chapter_embed_explains_its_starting_command(client: Client):
    page = client.get("/notes/aws-cli/").content.decode()
    assert page.count('class="widget widget-cli"') == 1
    assert 'class="tok tok-program"' in page


def test_the_notes_have_commands_and_the_tool_page_lists_every_one(client: Client):
    assert len(NOTES_COMMANDS) >= 20
    page = client.get("/tools/cli-explain/").content.decode()
    assert "Every command in the notes" in page
    from django.utils.html import escape

    for command in NOTES_COMMANDS:
        assert f"<code>{escape(command)}</code>" in page


@pytest.mark.parametrize("command", NOTES_COMMANDS)
def test_every_command_in_the_notes_explains_without_an_error(command):
    result = cli_explain.explain_command(cli_explain.parse_input({"command": command}))
    assert result.errors == (), result.errors


def test_the_api_follows_the_contract(client: Client):
    response = client.post(
        "/api/widgets/cli-explain",
        {"command": "aws s3 cp a.txt s3://amzn-s3-demo-bucket/a.txt --region eu-west-1"},
        "application/json",
    )
    body = response.json()
    assert response.status_code == 200
    assert (body["service"], body["operation"], body["api_operation"]) == ("s3", "cp", None)
    assert body["global_options"][0]["option"] == "--region"
    assert body["valid"] is True and body["errors"] == []
    bad = client.post("/api/widgets/cli-explain", {"command": "x" * 9000}, "application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "command"


def test_shell_metacharacters_are_explained_and_nothing_runs(client: Client, tmp_path):
    marker = tmp_path / "ran"
    command = f"aws s3 ls; touch {marker} && $(touch {marker}) | `touch {marker}`"
    page = client.post(
        "/tools/cli-explain/", {"command": command}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "tok-shell" in page and "The shell" in page
    assert not marker.exists()


def test_the_word_by_word_breakdown_names_each_words_kind(client: Client):
    """Each word of the breakdown, in order, with its id, its kind and the kind's name."""
    import re

    command = "aws --region eu-west-1 s3api get-object --bucket b --key k out.txt"
    page = client.get("/tools/cli-explain/", {"command": command}).content.decode()
    words = re.findall(
        r'<dt id="tool-tok-(\d+)" tabindex="-1"><code class="tok tok-([a-z-]+)">([^<]*)</code> '
        r'<span class="hint">([^<]*)</span></dt>',
        page,
    )
    assert words[:6] == [
        ("0", "program", "aws", "the program"),
        ("1", "global-option", "--region", "global option"),
        ("2", "value", "eu-west-1", "value"),
        ("3", "service", "s3api", "service"),
        ("4", "operation", "get-object", "operation"),
        ("5", "option", "--bucket", "option"),
    ]
    assert [int(i) for i, *_ in words] == list(range(len(words)))
    assert f"Word by word ({len(words)})" in page
