"""The VPC subnet planner as a JSON API, a tool page, an htmx partial and a chapter embed."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.test import Client

from studysite.widgets.logic import subnet_plan

URL = "/api/widgets/subnet-plan"
TOOL = "/tools/subnet-plan/"
BODY = {
    "vpc_cidr": "10.0.0.0/16",
    "azs": 2,
    "ipv6": False,
    "tiers": [
        {"name": "web", "public": True, "hosts": 250},
        {"name": "app", "public": False, "hosts": 1000},
        {"name": "data", "public": False, "hosts": 100},
    ],
}


def post(client: Client, body, content_type: str = "application/json"):
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(URL, data, content_type=content_type)


class TestApi:
    def test_the_api_follows_the_contract(self, client: Client):
        response = post(client, BODY)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        body = response.json()
        assert {"subnets", "route_tables", "unused"} <= set(body)
        assert len(body["subnets"]) == 6
        for subnet in body["subnets"]:
            assert {"tier", "az", "cidr", "usable", "reserved"} <= set(subnet)
            assert len(subnet["reserved"]) == 5
        for table in body["route_tables"]:
            assert {"name", "subnets", "routes"} <= set(table)
            assert all(set(route) == {"destination", "target"} for route in table["routes"])
        assert body["unused"][0] == "10.0.11.0/24"

    def test_the_tiers_may_also_be_text(self, client: Client):
        text = post(client, {**BODY, "tiers": subnet_plan.EXAMPLE_TIERS}).json()
        assert text == post(client, BODY).json()

    def test_a_plan_that_does_not_fit_is_a_400_naming_the_vpc_block(self, client: Client):
        response = post(client, {**BODY, "vpc_cidr": "10.0.0.0/24"})
        assert response.status_code == 400
        (error,) = response.json()["errors"]
        assert error["field"] == "vpc_cidr"
        assert "does not fit" in error["message"] and "A /20 VPC would hold it" in error["message"]

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"vpc_cidr": "10.0.0.1/16"}, "vpc_cidr"),
            ({"vpc_cidr": "10.0.0.0/15"}, "vpc_cidr"),
            ({"azs": 9}, "azs"),
            ({"ipv6": "perhaps"}, "ipv6"),
            ({"tiers": [{"name": "web", "public": True, "hosts": 0}]}, "tiers"),
            ({"tiers": [{"name": "x" * 100, "public": True, "hosts": 1}]}, "tiers"),
            ({"tiers": [{"name": "w", "public": True, "hosts": 10**30}]}, "tiers"),
            ({"tiers": [{"name": f"t{i}", "hosts": 1} for i in range(11)]}, "tiers"),
        ],
    )
    def test_bad_fields_are_a_400_with_the_field_named(self, client: Client, change, field):
        response = post(client, {**BODY, **change})
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert field in {e["field"] for e in errors}
        assert all(e["message"] for e in errors)

    def test_host_bits_get_the_network_address_suggested(self, client: Client):
        (error,) = post(client, {**BODY, "vpc_cidr": "10.0.7.9/16"}).json()["errors"]
        assert "the block starts at 10.0.0.0/16" in error["message"]

    def test_a_body_over_64_kib_is_a_413(self, client: Client):
        body = {**BODY, "tiers": "web public 1\n" + "#" * 70_000}
        assert post(client, body).status_code == 413

    @pytest.mark.parametrize(
        "body",
        [b"\xff\xfe\x00\x01", b'{"vpc_cidr": "10.0.0.0/16", "tiers": [', b"[]", b"null", b"1e999"],
    )
    def test_binary_and_broken_bodies_are_a_400(self, client: Client, body):
        response = post(client, body)
        assert response.status_code == 400
        assert response.json()["errors"][0]["message"]

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "\x00\x01\x02",
            "\x1b[31m",
            "🪣" * 500,
            "‮10.0.0.0/16",
            "١٠.٠.٠.٠/١٦",
            "10.0.0.0/16\n",
            " 10.0.0.0 / 16 ",
            "x" * 60_000,
            "9" * 5000,
            -1,
            2**70,
            1e308,
            None,
            True,
            [],
            [None, 1, "x", {"name": None}],
            [{"name": "w", "public": True, "hosts": "9" * 5000}],
            [{"name": "\x00", "public": None, "hosts": []}],
            [{"name": "é" * 10, "public": False, "hosts": "1,000"}],
            {"nested": {"deeper": [1, 2, 3]}},
        ],
        ids=repr,
    )
    def test_hostile_values_in_any_field_never_fail(self, client: Client, value):
        for field in ("vpc_cidr", "azs", "ipv6", "tiers"):
            response = post(client, {**BODY, field: value})
            assert response.status_code in (200, 400, 413), (field, response.content[:300])
            if response.status_code == 400:
                assert all(e["message"] for e in response.json()["errors"])

    def test_the_openapi_document_describes_it(self, client: Client):
        document = client.get("/api/openapi.json").json()
        operation = document["paths"][URL]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        assert schema["required"] == ["vpc_cidr", "tiers"]
        assert (
            "subnets"
            in operation["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
        )


class TestToolPage:
    def test_the_page_starts_with_the_teaching_example_planned(self, client: Client):
        response = client.get(TOOL)
        page = response.content.decode()
        assert response.status_code == 200
        assert "<textarea" in page and "web public 250\napp private 1000" in page
        assert "6 subnets in 10.0.0.0/16" in page
        assert "<code>10.0.0.0/22</code>" in page and "1,019" in page
        assert "<code>10.0.3.255</code>" in page  # the app subnet's broadcast, reserved
        assert "NAT gateway in AZ 2" in page
        assert "<code>10.0.128.0/17</code>" in page  # left unused
        # The bars: one for the VPC, one zoomed on the subnets; styled by class only.
        assert page.count('<svg class="diagram-svg"') == 2
        assert "Zoom on 10.0.0.0/20" in page
        assert 'class="d-box-accent"' in page and 'class="d-box-muted"' in page
        assert "style=" not in page.split('id="tool-result"')[1].split("</section>")[0]
        for label, _values in subnet_plan.EXAMPLES:
            assert label in page
        assert 'href="/notes/vpc/#subnets"' in page

    def test_every_example_link_works(self, client: Client):
        for label, values in subnet_plan.EXAMPLES:
            page = client.get(f"{TOOL}?{urlencode(values)}").content.decode()
            if "not fit" in label:
                assert 'role="alert"' in page and "It does not fit" in page
            else:
                assert "subnets in" in page and 'role="alert"' not in page

    def test_ipv6_shows_the_slash_64s_and_the_egress_only_gateway(self, client: Client):
        page = client.get(TOOL, {"ipv6": "true"}).content.decode()
        assert "2001:db8:1234:1a00::/64" in page
        assert "egress-only internet gateway" in page
        assert 'name="ipv6" value="true" checked' in page

    def test_a_plain_post_returns_the_whole_page_with_a_permalink(self, client: Client):
        form = {"vpc_cidr": "192.168.0.0/24", "azs": "3", "ipv6": "false", "tiers": "db private 20"}
        response = client.post(TOOL, form)
        page = response.content.decode()
        assert response.status_code == 200 and "<html" in page
        assert "3 subnets in 192.168.0.0/24" in page
        assert '<option value="3" selected>' in page
        assert response["Cache-Control"] == "no-store"
        link = f"{TOOL}?{urlencode(form)}".replace("&", "&amp;")
        assert link in page
        again = client.get(f"{TOOL}?{urlencode(form)}").content.decode()
        assert "3 subnets in 192.168.0.0/24" in again

    def test_the_ticked_box_wins_over_its_hidden_false(self, client: Client):
        form = {**subnet_plan.INITIAL, "ipv6": ["false", "true"]}
        page = client.post(TOOL, form).content.decode()
        assert "2001:db8:1234:1a00::/56" in page

    def test_htmx_gets_only_the_result(self, client: Client):
        response = client.post(
            TOOL, {**subnet_plan.INITIAL, "prefix": "w3"}, headers={"HX-Request": "true"}
        )
        html = response.content.decode()
        assert "<html" not in html and "<form" not in html
        assert "6 subnets in 10.0.0.0/16" in html and 'id="w3-bar1-title"' in html

    def test_errors_link_to_their_field_and_mark_it_invalid(self, client: Client):
        form = {**subnet_plan.INITIAL, "tiers": "web publik 20"}
        page = client.post(TOOL, form).content.decode()
        assert 'href="#tool-tiers"' in page and "should be public or private" in page
        assert 'aria-invalid="true">web publik 20</textarea>' in page
        htmx = client.post(
            TOOL, {**form, "vpc_cidr": "10.0.0.1/24"}, headers={"HX-Request": "true"}
        ).content.decode()
        assert 'href="#tool-vpc_cidr"' in htmx and "10.0.0.0/24" in htmx

    @pytest.mark.parametrize(
        "value",
        ["\x00\x01", "<script>alert(1)</script>", "🪣" * 3000, "‮web public 3", "a\r\nb"],
        ids=repr,
    )
    def test_hostile_form_values_never_fail(self, client: Client, value):
        for field in ("vpc_cidr", "azs", "ipv6", "tiers"):
            for headers in ({}, {"HX-Request": "true"}):
                form = {**subnet_plan.INITIAL, field: value}
                response = client.post(TOOL, form, headers=headers)
                assert response.status_code == 200
                assert b"<script>alert" not in response.content


def test_the_chapter_embeds_the_planner_in_the_subnets_section(client: Client):
    page = client.get("/notes/vpc/").content.decode()
    assert page.count('class="widget widget-subnets"') == 1
    section = page.split('id="subnets"')[1].split('id="public-private"')[0]
    assert "widget-subnets" in section and "subnets in 10.0.0.0/16" in section


def test_an_embed_can_start_from_its_own_values(client: Client, write_note):
    write_note(
        "planning.md",
        """
        ## Plan {#plan}

        ::: widget subnet-plan
            vpc_cidr: 10.8.0.0/22
            azs: 3
            tiers: web public 20; db private 50
        """,
    )
    page = client.get("/notes/planning/").content.decode()
    assert "6 subnets in 10.8.0.0/22" in page
    assert "db private 50" in page
