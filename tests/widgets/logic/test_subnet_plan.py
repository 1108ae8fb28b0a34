"""The VPC subnet planner's pure logic, with Python's ipaddress module as the oracle."""

from __future__ import annotations

import ipaddress
from itertools import combinations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.subnet_plan import (
    EXAMPLES,
    INITIAL,
    IPV6_PLACEHOLDER,
    MAX_HOSTS,
    Tier,
    free_blocks,
    parse_input,
    plan_subnets,
)


def plan(**data):
    return plan_subnets(parse_input(data)).to_dict()


def errors_of(**data) -> dict[str, list[str]]:
    with pytest.raises(InputError) as excinfo:
        parse_input(data)
    found: dict[str, list[str]] = {}
    for error in excinfo.value.errors:
        found.setdefault(error.field, []).append(error.message)
    return found


def one_tier(hosts: int, public: bool = False) -> list[dict]:
    return [{"name": "only", "public": public, "hosts": hosts}]


def check_plan(out: dict) -> None:
    """Every property the plan promises, checked with ipaddress."""
    vpc = ipaddress.IPv4Network(out["vpc_cidr"])
    subnets = [ipaddress.IPv4Network(s["cidr"]) for s in out["subnets"]]
    unused = [ipaddress.IPv4Network(c) for c in out["unused"]]
    for subnet, info in zip(subnets, out["subnets"], strict=True):
        assert subnet.subnet_of(vpc)
        assert 16 <= subnet.prefixlen <= 28
        assert info["usable"] == subnet.num_addresses - 5
        assert info["usable"] >= info["hosts"]
        # The smallest block that fits: half of it would not hold the hosts (or it is a /28).
        assert subnet.prefixlen == 28 or subnet.num_addresses // 2 - 5 < info["hosts"]
        base = subnet.network_address
        assert info["reserved"] == [
            str(base),
            str(base + 1),
            str(base + 2),
            str(base + 3),
            str(subnet.broadcast_address),
        ]
        assert info["first_usable"] == str(base + 4)
        assert info["last_usable"] == str(subnet.broadcast_address - 1)
    for a, b in combinations(subnets + unused, 2):
        assert not a.overlaps(b), (a, b)
    assert sum(n.num_addresses for n in subnets + unused) == vpc.num_addresses
    assert out["unused_addresses"] == sum(n.num_addresses for n in unused)
    # The free space is listed as the fewest blocks.
    assert len(unused) == len(list(ipaddress.collapse_addresses(unused)))
    # Each (tier, AZ) has one subnet.
    pairs = [(s["tier"], s["az"]) for s in out["subnets"]]
    assert len(set(pairs)) == len(pairs) == len(out["tiers"]) * out["azs"]


class TestReservedAddresses:
    def test_the_worked_example_of_a_slash_24(self):
        out = plan(vpc_cidr="10.0.0.0/24", azs=1, tiers=one_tier(251))
        (subnet,) = out["subnets"]
        assert subnet["cidr"] == "10.0.0.0/24"
        assert subnet["reserved"] == ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"]
        assert subnet["usable"] == 251
        assert subnet["first_usable"] == "10.0.0.4"
        assert out["unused"] == []
        assert out["reserved_roles"][1] == "VPC router"

    def test_every_subnet_lists_its_own_five(self):
        out = plan(**INITIAL)
        app = next(s for s in out["subnets"] if s["tier"] == "app" and s["az"] == "AZ 2")
        assert app["cidr"] == "10.0.4.0/22"
        assert app["reserved"] == ["10.0.4.0", "10.0.4.1", "10.0.4.2", "10.0.4.3", "10.0.7.255"]


class TestSizing:
    @pytest.mark.parametrize(
        ("hosts", "prefix"),
        [
            (1, 28),
            (11, 28),  # exactly fills a /28: 16 - 5
            (12, 27),
            (27, 27),
            (28, 26),
            (59, 26),
            (60, 25),  # the chapter's exam tip: 60 hosts need a /25
            (123, 25),
            (124, 24),
            (251, 24),
            (252, 23),
            (4091, 20),
            (MAX_HOSTS, 16),
        ],
    )
    def test_the_smallest_block_that_holds_the_hosts_and_five_reserved(self, hosts, prefix):
        assert Tier("t", False, hosts).prefix == prefix

    def test_the_explanation_shows_the_arithmetic(self):
        (web, *_rest) = plan(**INITIAL)["tiers"]
        assert web["explanation"].startswith("250 hosts + 5 reserved = 255 addresses: a /24")
        assert "a /25 would leave only 123" in web["explanation"]


class TestBoundaries:
    @pytest.mark.parametrize("cidr", ["10.0.0.0/16", "10.0.0.0/28"])
    def test_the_largest_and_smallest_vpc_blocks_are_accepted(self, cidr):
        out = plan(vpc_cidr=cidr, azs=1, tiers=one_tier(11))
        check_plan(out)

    @pytest.mark.parametrize(
        ("cidr", "words"),
        [
            ("10.0.0.0/15", "/15 (131,072 addresses) is too large. Use 10.0.0.0/16"),
            ("10.0.0.0/8", "too large"),
            ("10.0.0.0/29", "/29 (8 addresses) is too small"),
        ],
    )
    def test_blocks_outside_slash_16_to_slash_28_are_refused(self, cidr, words):
        assert words in errors_of(vpc_cidr=cidr, tiers=one_tier(1))["vpc_cidr"][0]

    def test_eleven_hosts_fill_a_slash_28_vpc_exactly(self):
        out = plan(vpc_cidr="10.0.0.0/28", azs=1, tiers=one_tier(11))
        assert [s["cidr"] for s in out["subnets"]] == ["10.0.0.0/28"]
        assert out["unused"] == [] and out["unused_addresses"] == 0
        assert any("fill the VPC exactly" in n for n in out["notes"])

    def test_twelve_hosts_do_not_fit_a_slash_28(self):
        message = errors_of(vpc_cidr="10.0.0.0/28", azs=1, tiers=one_tier(12))["vpc_cidr"][0]
        assert "a /27 per tier per AZ" in message
        assert "more than the 16 of the /28 VPC" in message

    def test_the_largest_subnet_is_a_whole_slash_16(self):
        out = plan(vpc_cidr="10.0.0.0/16", azs=1, tiers=one_tier(MAX_HOSTS))
        assert out["subnets"][0]["cidr"] == "10.0.0.0/16"
        assert out["subnets"][0]["usable"] == 65_531

    def test_one_host_more_than_a_slash_16_holds_is_refused(self):
        message = errors_of(vpc_cidr="10.0.0.0/16", tiers=one_tier(MAX_HOSTS + 1))["tiers"][0]
        assert "65,532 hosts do not fit in one subnet" in message

    def test_the_barely_fitting_example_fills_its_slash_24(self):
        label, values = EXAMPLES[0]
        assert "barely" in label
        out = plan(**values)
        check_plan(out)
        assert out["unused"] == []
        assert all(s["usable"] == s["hosts"] for s in out["subnets"])


class TestAllocation:
    def test_the_teaching_example(self):
        out = plan(**INITIAL)
        check_plan(out)
        cidrs = {(s["tier"], s["az"]): s["cidr"] for s in out["subnets"]}
        # Largest first: app's /22s, then web's /24s, then data's /25s.
        assert cidrs == {
            ("app", "AZ 1"): "10.0.0.0/22",
            ("app", "AZ 2"): "10.0.4.0/22",
            ("web", "AZ 1"): "10.0.8.0/24",
            ("web", "AZ 2"): "10.0.9.0/24",
            ("data", "AZ 1"): "10.0.10.0/25",
            ("data", "AZ 2"): "10.0.10.128/25",
        }
        # Listed by tier as given, then by AZ.
        assert [s["tier"] for s in out["subnets"]] == ["web", "web", "app", "app", "data", "data"]
        assert out["unused"] == [
            "10.0.11.0/24",
            "10.0.12.0/22",
            "10.0.16.0/20",
            "10.0.32.0/19",
            "10.0.64.0/18",
            "10.0.128.0/17",
        ]
        assert out["unused_addresses"] == 65_536 - 2 * (1024 + 256 + 128)

    def test_three_azs_and_three_tiers(self):
        out = plan(**EXAMPLES[1][1])
        check_plan(out)
        assert {s["az"] for s in out["subnets"]} == {"AZ 1", "AZ 2", "AZ 3"}

    def test_free_blocks_are_the_fewest_cidrs(self):
        vpc = ipaddress.IPv4Network("10.0.0.0/24")
        used = [ipaddress.IPv4Network("10.0.0.64/26")]
        assert [str(b) for b in free_blocks(vpc, used)] == ["10.0.0.0/26", "10.0.0.128/25"]
        assert [str(b) for b in free_blocks(vpc, [])] == ["10.0.0.0/24"]
        assert free_blocks(vpc, [vpc]) == []


class TestRouting:
    def tables(self, **data):
        return {t["name"]: t for t in plan(**data)["route_tables"]}

    def test_public_tiers_go_to_the_internet_gateway(self):
        public = self.tables(**INITIAL)["public"]
        assert {"destination": "0.0.0.0/0", "target": "internet gateway"} in public["routes"]
        assert public["subnets"] == ["10.0.8.0/24", "10.0.9.0/24"]

    def test_private_tiers_use_the_nat_gateway_in_their_own_az(self):
        out = plan(**INITIAL)
        tables = {t["name"]: t for t in out["route_tables"]}
        for az in ("AZ 1", "AZ 2"):
            table = tables[f"private {az}"]
            assert {"destination": "0.0.0.0/0", "target": f"NAT gateway in {az}"} in table["routes"]
            names = {(s["tier"], s["az"]) for s in out["subnets"] if s["cidr"] in table["subnets"]}
            assert names == {("app", az), ("data", az)}
        nats = [g for g in out["gateways"] if g["kind"] == "nat-gateway"]
        assert [g["placement"] for g in nats] == [
            "public subnet web AZ 1 (10.0.8.0/24)",
            "public subnet web AZ 2 (10.0.9.0/24)",
        ]

    def test_every_table_has_the_local_route_and_the_main_one_only_that(self):
        out = plan(**INITIAL)
        for table in out["route_tables"]:
            assert table["routes"][0] == {"destination": "10.0.0.0/16", "target": "local"}
        main = [t for t in out["route_tables"] if t["main"]]
        assert len(main) == 1 and main[0]["subnets"] == [] and len(main[0]["routes"]) == 1

    def test_every_subnet_is_associated_with_the_table_it_names(self):
        out = plan(**EXAMPLES[1][1])
        tables = {t["name"]: t for t in out["route_tables"]}
        for subnet in out["subnets"]:
            assert subnet["cidr"] in tables[subnet["route_table"]]["subnets"]

    def test_dual_stack_adds_ipv6_routes_and_a_slash_64_per_subnet(self):
        out = plan(**EXAMPLES[3][1])
        check_plan(out)
        assert out["ipv6_cidr"] == str(IPV6_PLACEHOLDER) == "2001:db8:1234:1a00::/56"
        blocks = [ipaddress.IPv6Network(s["ipv6_cidr"]) for s in out["subnets"]]
        assert all(b.prefixlen == 64 and b.subnet_of(IPV6_PLACEHOLDER) for b in blocks)
        assert len(set(blocks)) == len(blocks)
        tables = {t["name"]: t for t in out["route_tables"]}
        assert {"destination": "::/0", "target": "internet gateway"} in tables["public"]["routes"]
        private = tables["private AZ 1"]["routes"]
        assert {"destination": "::/0", "target": "egress-only internet gateway"} in private
        assert {"destination": "2001:db8:1234:1a00::/56", "target": "local"} in private
        assert any("egress-only" in g["name"] for g in out["gateways"])
        assert any("Amazon-provided /56" in n and "documentation" in n for n in out["notes"])

    def test_without_ipv6_there_is_no_ipv6_anywhere(self):
        out = plan(**INITIAL)
        assert out["ipv6_cidr"] is None
        assert all(s["ipv6_cidr"] is None for s in out["subnets"])
        assert not any(":" in r["destination"] for t in out["route_tables"] for r in t["routes"])

    def test_private_tiers_without_a_public_tier_get_no_nat_route(self):
        out = plan(vpc_cidr="10.0.0.0/24", tiers="db private 20")
        tables = {t["name"]: t for t in out["route_tables"]}
        assert "public" not in tables
        assert tables["private AZ 1"]["routes"] == [
            {"destination": "10.0.0.0/24", "target": "local"}
        ]
        assert out["gateways"] == []
        assert any("no public tier" in n.lower() for n in out["notes"])

    def test_gateway_endpoints_are_suggested_for_private_tiers(self):
        notes = plan(**INITIAL)["notes"]
        assert any("gateway endpoints for S3 and DynamoDB" in n for n in notes)


class TestNotes:
    def notes(self, cidr: str, azs: int = 2) -> str:
        return " ".join(plan(vpc_cidr=cidr, azs=azs, tiers="web public 10")["notes"])

    def test_rfc_1918_is_recommended(self):
        assert "private RFC 1918 range" in self.notes("192.168.0.0/24")

    def test_a_public_range_is_warned_about(self):
        notes = self.notes("203.0.113.0/24")
        assert "publicly routable" in notes and "never advertises it" in notes

    def test_172_17_is_warned_about(self):
        assert "some AWS services use" in self.notes("172.17.0.0/16")
        assert "172.17.5.0/24 overlaps 172.17.0.0/16" in self.notes("172.17.5.0/24")

    def test_the_default_vpc_range_is_warned_about(self):
        assert "every default VPC" in self.notes("172.31.0.0/16")

    def test_one_az_is_not_highly_available(self):
        assert "no high availability" in self.notes("10.0.0.0/24", azs=1)
        assert "no high availability" not in self.notes("10.0.0.0/24", azs=2)

    def test_the_dns_address_is_the_vpc_base_plus_two(self):
        assert "(10.9.0.2)" in self.notes("10.9.0.0/16")


class TestTiersText:
    def tiers(self, text: str) -> list[tuple[str, bool, int]]:
        parsed = parse_input({"vpc_cidr": "10.0.0.0/16", "tiers": text})
        return [(t.name, t.public, t.hosts) for t in parsed.tiers]

    def test_one_tier_a_line(self):
        assert self.tiers("web public 250\napp private 1000\n") == [
            ("web", True, 250),
            ("app", False, 1000),
        ]

    def test_semicolons_comments_blank_lines_and_friendly_numbers(self):
        text = "# my plan\n\nweb PUBLIC 250 hosts; app private 1,000\r\ndata private 1_000"
        assert self.tiers(text) == [
            ("web", True, 250),
            ("app", False, 1000),
            ("data", False, 1000),
        ]

    def test_the_json_list_gives_the_same_plan_as_the_text(self):
        as_list = [
            {"name": "web", "public": True, "hosts": 250},
            {"name": "app", "public": False, "hosts": 1000},
            {"name": "data", "public": False, "hosts": 100},
        ]
        assert plan(vpc_cidr="10.0.0.0/16", azs=2, tiers=as_list) == plan(**INITIAL)


class TestErrors:
    @pytest.mark.parametrize(
        ("data", "field", "words"),
        [
            ({"tiers": "a public 1"}, "vpc_cidr", "required"),
            ({"vpc_cidr": "", "tiers": "a public 1"}, "vpc_cidr", "Enter the VPC's IPv4 CIDR"),
            ({"vpc_cidr": 10, "tiers": "a public 1"}, "vpc_cidr", "Must be text"),
            ({"vpc_cidr": "10.0.0.0", "tiers": "a public 1"}, "vpc_cidr", "Add the prefix"),
            ({"vpc_cidr": "banana/16", "tiers": "a public 1"}, "vpc_cidr", "not an IPv4 CIDR"),
            ({"vpc_cidr": "10.0.0.300/16", "tiers": "a public 1"}, "vpc_cidr", "0 to 255"),
            (
                {"vpc_cidr": "10.0.1.0/16", "tiers": "a public 1"},
                "vpc_cidr",
                "10.0.1.0/16 has host bits set: the block starts at 10.0.0.0/16",
            ),
            ({"vpc_cidr": "2001:db8::/56", "tiers": "a public 1"}, "vpc_cidr", "Tick “IPv6”"),
            ({"vpc_cidr": "127.0.0.0/16", "tiers": "a public 1"}, "vpc_cidr", "loopback"),
            ({"vpc_cidr": "169.254.0.0/16", "tiers": "a public 1"}, "vpc_cidr", "link-local"),
            ({"vpc_cidr": "224.0.0.0/16", "tiers": "a public 1"}, "vpc_cidr", "multicast"),
            ({"vpc_cidr": "10.0.0.0/16", "azs": 0, "tiers": "a public 1"}, "azs", "1 to 6"),
            ({"vpc_cidr": "10.0.0.0/16", "azs": 7, "tiers": "a public 1"}, "azs", "1 to 6"),
            ({"vpc_cidr": "10.0.0.0/16", "azs": "two", "tiers": "a public 1"}, "azs", "1 to 6"),
            ({"vpc_cidr": "10.0.0.0/16", "azs": True, "tiers": "a public 1"}, "azs", "1 to 6"),
            ({"vpc_cidr": "10.0.0.0/16", "azs": 2.5, "tiers": "a public 1"}, "azs", "1 to 6"),
            ({"vpc_cidr": "10.0.0.0/16", "ipv6": "maybe", "tiers": "a public 1"}, "ipv6", "true"),
            ({"vpc_cidr": "10.0.0.0/16"}, "tiers", "Add at least one tier"),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": ""}, "tiers", "Add at least one tier"),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": []}, "tiers", "Add at least one tier"),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": {"a": 1}}, "tiers", "list of objects"),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": ["web"]}, "tiers", "Tier 1: must be an object"),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "web publik 20"},
                "tiers",
                "Line 1 (“web publik 20”): “publik” should be public or private.",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "web public"},
                "tiers",
                "write a name, public or private, and the number of hosts",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "web public lots"},
                "tiers",
                "“lots” is not a number of hosts",
            ),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": "web public 0"}, "tiers", "at least 1 host"),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": "web public -3"}, "tiers", "not a number"),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "web public 99999999999999999999"},
                "tiers",
                "not a number",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": [{"name": "", "public": True, "hosts": 3}]},
                "tiers",
                "give the tier a name",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": [{"name": "w" * 33, "hosts": 3}]},
                "tiers",
                "at most 32 characters",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "we<b> public 3"},
                "tiers",
                "not a usable tier name",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": [{"name": "w", "public": "yes", "hosts": 3}]},
                "tiers",
                "public or private",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": [{"name": "w", "hosts": None}]},
                "tiers",
                "give the number of hosts",
            ),
            (
                {"vpc_cidr": "10.0.0.0/16", "tiers": "web public 1\nWEB private 2"},
                "tiers",
                "Two tiers are named “WEB”",
            ),
            (
                {
                    "vpc_cidr": "10.0.0.0/16",
                    "tiers": "\n".join(f"t{i} private 1" for i in range(11)),
                },
                "tiers",
                "At most 10 tiers (you gave 11)",
            ),
            ({"vpc_cidr": "10.0.0.0/16", "tiers": "x" * 2001}, "tiers", "at most 2,000"),
        ],
    )
    def test_bad_input_gets_a_clear_message(self, data, field, words):
        messages = errors_of(**data)
        assert any(words in message for message in messages[field]), messages

    def test_a_plan_that_does_not_fit_says_by_how_much(self):
        label, values = EXAMPLES[2]
        assert "not fit" in label
        (message,) = errors_of(**values)["vpc_cidr"]
        assert message == (
            "It does not fit: this plan needs a /19 per tier per AZ: 3 tiers × 2 AZs × 8,192 = "
            "49,152 addresses, more than the 4,096 of the /20 VPC. A /16 VPC would hold it; or "
            "plan fewer hosts, tiers or AZs."
        )

    def test_mixed_sizes_that_do_not_fit_are_listed_per_tier(self):
        (message,) = errors_of(
            vpc_cidr="10.0.0.0/24", azs=2, tiers="web public 100\ndb private 20"
        )["vpc_cidr"]
        assert "2 × /25 for web, 2 × /27 for db: 320 addresses in all" in message
        assert "A /23 VPC would hold it" in message

    def test_more_than_a_slash_16_can_hold_suggests_secondary_blocks(self):
        (message,) = errors_of(
            vpc_cidr="10.0.0.0/16", azs=6, tiers="a public 60000; b private 60000"
        )["vpc_cidr"]
        assert "more than even a /16 holds" in message and "secondary CIDR blocks" in message

    def test_messages_quote_hostile_text_safely(self):
        messages = errors_of(vpc_cidr="10.0.0.0/16", tiers="we\x00b\u202e public 3")["tiers"]
        assert "\x00" not in messages[0] and "\u202e" not in messages[0]

    def test_at_most_five_problems_are_listed_for_the_tiers(self):
        text = "\n".join(f"t{i} sideways 1" for i in range(8))
        assert len(errors_of(vpc_cidr="10.0.0.0/16", tiers=text)["tiers"]) == 5


# --- Properties ---------------------------------------------------------------------------

tier_strategy = st.builds(
    lambda name, public, hosts: {"name": name, "public": public, "hosts": hosts},
    st.from_regex(r"[a-z][a-z0-9-]{0,9}", fullmatch=True),
    st.booleans(),
    st.integers(min_value=1, max_value=70_000),
)


@st.composite
def valid_requests(draw):
    prefix = draw(st.integers(min_value=16, max_value=28))
    address = draw(st.integers(min_value=0, max_value=2**32 - 1))
    vpc = ipaddress.IPv4Network((address, prefix), strict=False)
    tiers = draw(st.lists(tier_strategy, min_size=1, max_size=10, unique_by=lambda t: t["name"]))
    return {
        "vpc_cidr": str(vpc),
        "azs": draw(st.integers(min_value=1, max_value=6)),
        "ipv6": draw(st.booleans()),
        "tiers": tiers,
    }


@given(valid_requests())
def test_any_plan_fits_without_overlaps_or_is_refused_with_the_reason(data):
    vpc = ipaddress.IPv4Network(data["vpc_cidr"])
    try:
        parsed = parse_input(data)
    except InputError as exc:
        fields = {e.field for e in exc.errors}
        messages = " ".join(e.message for e in exc.errors)
        # Only the ranges that cannot number hosts, oversized tiers, or no fit.
        assert fields <= {"vpc_cidr", "tiers"}
        if "tiers" in fields:
            assert any(t["hosts"] > MAX_HOSTS for t in data["tiers"])
        elif "does not fit" in messages:
            needed = sum(Tier("t", False, t["hosts"]).size for t in data["tiers"]) * data["azs"]
            assert needed > vpc.num_addresses
        else:
            assert "cannot number the hosts" in messages
        return
    out = plan_subnets(parsed).to_dict()
    check_plan(out)
    if data["ipv6"]:
        blocks = [ipaddress.IPv6Network(s["ipv6_cidr"]) for s in out["subnets"]]
        assert len(set(blocks)) == len(blocks)
        assert all(b.subnet_of(IPV6_PLACEHOLDER) for b in blocks)


@given(valid_requests())
def test_tiers_as_text_plan_exactly_like_tiers_as_a_list(data):
    text = "\n".join(
        f"{t['name']} {'public' if t['public'] else 'private'} {t['hosts']}" for t in data["tiers"]
    )
    try:
        from_list = plan_subnets(parse_input(data)).to_dict()
    except InputError as exc:
        with pytest.raises(InputError) as again:
            parse_input({**data, "tiers": text})
        assert {e.field for e in again.value.errors} == {e.field for e in exc.errors}
        return
    assert plan_subnets(parse_input({**data, "tiers": text})).to_dict() == from_list


junk = (
    st.text(max_size=60)
    | st.integers()
    | st.none()
    | st.booleans()
    | st.floats(allow_nan=False)
    | st.lists(
        st.dictionaries(
            st.sampled_from(["name", "public", "hosts"]), st.text(max_size=8) | st.integers()
        ),
        max_size=3,
    )
)


@given(st.dictionaries(st.sampled_from(["vpc_cidr", "azs", "ipv6", "tiers", "x"]), junk))
def test_any_input_is_planned_or_refused_with_messages(data):
    try:
        parsed = parse_input(data)
    except InputError as exc:
        assert exc.errors and all(e.message and e.field for e in exc.errors)
    else:
        check_plan(plan_subnets(parsed).to_dict())
