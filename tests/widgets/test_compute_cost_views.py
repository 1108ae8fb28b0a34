"""The EC2 purchase-option calculator as a tool page, an htmx partial, a chapter embed
and an API."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from studysite.widgets.logic import compute_cost
from studysite.widgets.registry import WIDGETS

URL = "/api/widgets/compute-cost"
PAGE = "/tools/compute-cost/"
OPTIONS = {
    "on-demand",
    "compute-savings-plan",
    "ec2-instance-savings-plan",
    "reserved-instance",
    "spot",
}
BODY = {
    "instance_type": "m7i.large",
    "hours_per_day": 24,
    "months": 36,
    "interruptible": False,
    "commitment_years": 3,
}
FORM = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in BODY.items()}


def post(client: Client, body: object):
    return client.post(URL, json.dumps(body), content_type="application/json")


def svg_of(page: str) -> str:
    match = re.search(r'<svg class="diagram-svg".*?</svg>', page, flags=re.DOTALL)
    assert match, "no chart"
    return match.group(0)


class TestApi:
    def test_follows_the_contract(self, client: Client):
        response = post(client, BODY)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        body = response.json()
        assert body["region"] == "us-east-1"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", body["prices_as_of"])
        assert body["recommended"] == "ec2-instance-savings-plan"
        assert {o["option"] for o in body["options"]} == OPTIONS
        for option in body["options"]:
            assert {
                "option",
                "fits",
                "reasons",
                "monthly_cost_usd",
                "total_cost_usd",
                "break_even_hours_per_day",
            } <= set(option)
            assert isinstance(option["monthly_cost_usd"], int | float)
            assert all(isinstance(r, str) and r for r in option["reasons"])
        spot = next(o for o in body["options"] if o["option"] == "spot")
        assert spot["fits"] is False and spot["break_even_hours_per_day"] is None

    def test_form_strings_are_accepted_too(self, client: Client):
        assert post(client, FORM).status_code == 200

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"instance_type": "m7i.larg"}, "instance_type"),
            ({"instance_type": ["m7i.large"]}, "instance_type"),
            ({"hours_per_day": 25}, "hours_per_day"),
            ({"hours_per_day": -0.5}, "hours_per_day"),
            ({"hours_per_day": "all day"}, "hours_per_day"),
            ({"months": 0}, "months"),
            ({"months": 10**400}, "months"),
            ({"interruptible": "sometimes"}, "interruptible"),
            ({"commitment_years": 2}, "commitment_years"),
            ({"commitment_years": None}, "commitment_years"),
        ],
    )
    def test_bad_input_is_a_400_with_the_field_named(self, client: Client, change, field):
        response = post(client, {**BODY, **change})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert [e["field"] for e in errors] == [field]
        assert all(e["message"] for e in errors)

    def test_an_unknown_instance_type_lists_the_known_ones(self, client: Client):
        errors = post(client, {**BODY, "instance_type": "m5.large"}).json()["errors"]
        assert "m7i.large" in errors[0]["message"] and "t3.medium" in errors[0]["message"]

    def test_an_empty_object_names_every_required_field(self, client: Client):
        errors = post(client, {}).json()["errors"]
        assert {e["field"] for e in errors} == {
            "instance_type",
            "hours_per_day",
            "months",
            "commitment_years",
        }

    def test_bodies_over_64_kib_get_413(self, client: Client):
        response = post(client, {**BODY, "instance_type": "m" * 70_000})
        assert response.status_code == 413
        assert response.json()["errors"][0]["message"]

    @pytest.mark.parametrize(
        "body",
        [
            b"{not json",
            b"[]",
            b'{"hours_per_day": NaN}',
            b'{"hours_per_day": Infinity}',
            b"[" * 5000,
        ],
    )
    def test_malformed_bodies_get_400(self, client: Client, body):
        response = client.post(URL, body, content_type="application/json")
        assert response.status_code == 400

    @pytest.mark.parametrize(
        "value",
        [
            "",
            " ",
            "0x10",
            "1e999",
            "-1e999",
            "1_000",
            "٣",  # an Arabic-Indic digit
            "\x00",
            "💥",
            "<script>alert(1)</script>",
            10**30,
            -(10**30),
            1e308,
            5e-324,
            [],
            {"$gt": 0},
            None,
            True,
        ],
        ids=repr,
    )
    def test_hostile_values_never_500(self, client: Client, value):
        for field in BODY:
            response = post(client, {**BODY, field: value})
            assert response.status_code in (200, 400), (field, response.content[:300])
            body = response.json()
            if response.status_code == 400:
                assert all(e["message"] for e in body["errors"])
            else:
                for option in body["options"]:
                    assert option["monthly_cost_usd"] >= 0

    def test_the_openapi_document_describes_it(self, client: Client):
        document = client.get("/api/openapi.json").json()
        operation = document["paths"][URL]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        assert schema == WIDGETS["compute-cost"].input_schema
        assert "m7i.large" in schema["properties"]["instance_type"]["enum"]
        assert {"200", "400", "413"} <= set(operation["responses"])


class TestToolPage:
    def test_starts_with_the_first_preset_answered_and_a_chart(self, client: Client):
        response = client.get(PAGE)
        assert response.status_code == 200
        page = response.content.decode()
        assert "<form" in page and f'action="{PAGE}"' in page
        assert "Recommended: EC2 Instance Savings Plan" in page
        assert "Illustrative prices for us-east-1 as of" in page
        for _id, label, _values in compute_cost.PRESETS:
            assert label in page
        assert 'name="interruptible" value="true"' in page
        assert 'option value="3" selected' in page

    def test_the_chart_has_its_labels_lines_and_break_even_points(self, client: Client):
        svg = svg_of(client.get(PAGE).content.decode())
        assert "Monthly cost of each purchase option for m7i.large" in svg
        assert "Hours a day the instance runs" in svg and "Monthly cost (USD)" in svg
        for option in OPTIONS:
            assert f"cc-line cc-{option}" in svg
        # EC2 Instance SP and the RI break even at 10.1 h a day, the Compute SP at 10.6 h.
        assert ">10.1 h<" in svg and ">10.6 h<" in svg
        assert svg.count('<circle class="cc-point"') == 3
        assert "you: 24 h" in svg
        assert "cc-line cc-spot cc-excluded" in svg  # ruled out: not interruptible
        assert "Standard Reserved Instance: $30.88/month, break-even 10.1 h/day" in svg

    def test_the_chart_is_styled_by_classes_only_with_readable_labels(self, client: Client):
        svg = svg_of(client.get(PAGE).content.decode())
        assert "style=" not in svg and "<script" not in svg and "fill=" not in svg
        sizes = [int(s) for s in re.findall(r'<text[^>]* font-size="(\d+)"', svg)]
        assert sizes and min(sizes) >= 12
        assert len(sizes) == svg.count("<text")
        for tag in re.findall(r"<(line|circle|text)\b([^>]*)>", svg):
            assert 'class="' in tag[1], tag

    def test_every_line_class_is_styled_in_the_stylesheet(self, client: Client):
        css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
        svg = svg_of(client.get(PAGE).content.decode())
        for name in set(re.findall(r"\b(cc-[a-z0-9-]+)", svg)):
            assert f".{name}" in css, name

    def test_the_chart_has_a_table_twin(self, client: Client):
        page = client.get(PAGE).content.decode()
        assert "<caption>Monthly cost by hours a day</caption>" in page
        assert '<th scope="row">Spot Instance (ruled out)</th>' in page

    def test_a_link_reproduces_a_preset(self, client: Client):
        values = dict(compute_cost.PRESETS[1][2])
        page = client.get(PAGE, values).content.decode()
        assert "Recommended: Spot Instance" in page
        assert 'name="interruptible" value="true" checked' in page
        assert "interruptible=true" in page  # the permalink keeps the choice

    def test_an_unticked_box_in_a_link_stays_unticked(self, client: Client):
        values = dict(compute_cost.PRESETS[1][2], interruptible="false")
        page = client.get(PAGE, values).content.decode()
        assert 'name="interruptible" value="true" checked' not in page
        assert "Recommended: Spot Instance" not in page

    def test_a_plain_form_post_returns_the_whole_page(self, client: Client):
        response = client.post(PAGE, FORM)
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" in page and "<form" in page and "Every option, ranked" in page

    def test_htmx_gets_only_the_result(self, client: Client):
        response = client.post(PAGE, FORM, HTTP_HX_REQUEST="true")
        fragment = response.content.decode()
        assert response.status_code == 200
        assert "<form" not in fragment and "<html" not in fragment
        assert "Recommended: EC2 Instance Savings Plan" in fragment
        assert '<svg class="diagram-svg"' in fragment

    def test_form_errors_name_and_mark_the_field(self, client: Client):
        fragment = client.post(
            PAGE, {**FORM, "hours_per_day": "-1"}, HTTP_HX_REQUEST="true"
        ).content.decode()
        assert 'role="alert"' in fragment and 'href="#tool-hours_per_day"' in fragment
        assert "can&#x27;t be negative" in fragment
        page = client.post(PAGE, {**FORM, "months": "0"}).content.decode()
        assert 'id="tool-months"' in page and 'aria-invalid="true"' in page

    @pytest.mark.parametrize(
        "value", ["", "x" * 5000, "<script>alert(1)</script>", "1e999", "\x00", "💥"], ids=repr
    )
    def test_hostile_form_values_never_fail(self, client: Client, value):
        for field in FORM:
            for headers in ({}, {"HX-Request": "true"}):
                response = client.post(PAGE, {**FORM, field: value}, headers=headers)
                assert response.status_code == 200
                assert b"<script>alert" not in response.content


def test_the_tools_index_lists_it(client: Client):
    page = client.get("/tools/").content.decode()
    assert PAGE in page and "EC2 purchase-option calculator" in page


NOTE = Path(settings.BASE_DIR) / "notes" / "cost-optimization.md"


@pytest.mark.skipif(
    not (NOTE.exists() and "::: widget compute-cost" in NOTE.read_text(encoding="utf-8")),
    reason="the cost-optimization chapter does not embed the calculator yet",
)
def test_the_chapter_embed_shows_its_starting_answer(client: Client):
    page = client.get("/notes/cost-optimization/").content.decode()
    assert page.count('class="widget widget-compute"') == 1
    assert "Recommended:" in page
