"""The storage-class picker as a tool page, an htmx partial, a chapter embed and an API."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from studysite.widgets.logic import storage_classes

IDS = {
    "STANDARD",
    "INTELLIGENT_TIERING",
    "STANDARD_IA",
    "ONEZONE_IA",
    "EXPRESS_ONEZONE",
    "GLACIER_IR",
    "GLACIER",
    "DEEP_ARCHIVE",
    "REDUCED_REDUNDANCY",
}
BODY = {
    "data_gb": 1000,
    "object_count": 100000,
    "months": 12,
    "read_fraction_per_month": 0.02,
    "slowest_acceptable_retrieval": "milliseconds",
    "survive_az_loss": True,
    "access_pattern": "unknown",
    "single_digit_ms_latency": False,
}


def test_the_api_follows_the_contract(client: Client):
    response = client.post("/api/widgets/storage-class", json.dumps(BODY), "application/json")
    body = response.json()
    assert response.status_code == 200
    assert body["recommended"] == "INTELLIGENT_TIERING"  # unknown access pattern
    assert body["region"] == "us-east-1"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["prices_as_of"])
    assert {o["storage_class"] for o in body["options"]} == IDS
    for option in body["options"]:
        assert set(option) >= {"meets_requirements", "reasons", "total_cost_usd", "breakdown"}
        if option["storage_class"] == "REDUCED_REDUNDANCY":
            assert option["meets_requirements"] is False
    one_zone = next(o for o in body["options"] if o["storage_class"] == "ONEZONE_IA")
    assert not one_zone["meets_requirements"]
    assert any("Availability Zone" in reason for reason in one_zone["reasons"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"data_gb": -5}, "data_gb"),
        ({"data_gb": 0}, "data_gb"),
        ({"data_gb": 1e15}, "data_gb"),
        ({"data_gb": "lots"}, "data_gb"),
        ({"object_count": 2.5}, "object_count"),
        ({"months": None}, "months"),
        ({"slowest_acceptable_retrieval": "seconds"}, "slowest_acceptable_retrieval"),
        ({"access_pattern": ["known"]}, "access_pattern"),
    ],
)
def test_bad_input_is_a_400_with_the_field_named(client: Client, change, field):
    body = {**BODY, **change}
    response = client.post("/api/widgets/storage-class", json.dumps(body), "application/json")
    assert response.status_code == 400
    assert field in {e["field"] for e in response.json()["errors"]}


def test_the_tool_page_starts_with_a_preset_answered_and_a_chart(client: Client):
    page = client.get("/tools/storage-class/").content.decode()
    assert "Recommended:" in page
    assert '<ol class="bar-chart"' in page and "Total cost of each storage class" in page
    assert page.count('<svg class="bar-track"') == 9 and page.count("<rect class=") >= 8
    # Every preset is a link that fills the form.
    for _id, label, _values in storage_classes.PRESETS:
        assert label in page
    assert "Prices for us-east-1 as of" in page


def test_an_unticked_box_in_a_link_stays_unticked(client: Client):
    values = dict(storage_classes.PRESETS[0][2], survive_az_loss="false")
    page = client.get("/tools/storage-class/", values).content.decode()
    assert 'name="survive_az_loss" value="true" checked' not in page
    assert "survive_az_loss=false" in page  # the permalink keeps the choice


def test_htmx_gets_the_result_and_form_errors_name_the_field(client: Client):
    form = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in BODY.items()}
    ok = client.post("/tools/storage-class/", form, HTTP_HX_REQUEST="true").content.decode()
    assert "<form" not in ok and "S3 Intelligent-Tiering" in ok
    bad = client.post(
        "/tools/storage-class/", {**form, "data_gb": "-1"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'role="alert"' in bad and 'href="#tool-data_gb"' in bad


def test_the_chapter_embed_shows_its_starting_answer(client: Client):
    page = client.get("/notes/s3-storage-classes/").content.decode()
    assert page.count('class="widget widget-storage"') == 1
    assert "Recommended:" in page
