"""The EC2 purchase-option calculator (pure logic, no Django).

Rates used in the hand-computed cases (us-east-1 file, USD per hour, Linux):
m7i.large On-Demand 0.1008, Compute SP 1 yr 0.0645 / 3 yr 0.0444, EC2 Instance SP and
Standard RI 1 yr 0.0635 / 3 yr 0.0423; t3.medium On-Demand 0.0416, EC2 Instance SP 1 yr
0.0262, Compute SP 1 yr 0.0266; r7i.large On-Demand 0.1323, EC2 Instance SP 1 yr 0.0833;
c7i.xlarge On-Demand 0.1785. Spot is estimated at 60% off On-Demand. A month is 730
hours, so a day-hour a month is 730 / 24 = 30.41666... days.
"""

from __future__ import annotations

import ast
import json
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studysite import widgets
from studysite.widgets.logic import compute_cost as cc
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.compute_cost import (
    COMMITMENTS,
    INPUT_SCHEMA,
    OPTIONS,
    OUTPUT_SCHEMA,
    PRESETS,
    Inputs,
    billed_months,
    break_even_hours,
    compare,
    load_prices,
    parse_input,
)

PRICES_FILE = Path(widgets.__file__).resolve().parent / "data" / "compute-prices" / "us-east-1.json"
PRICES = load_prices()
DAYS = 730 / 24


def make(**overrides: object) -> Inputs:
    base = {
        "instance_type": "m7i.large",
        "hours_per_day": 24.0,
        "months": 36.0,
        "interruptible": False,
        "commitment_years": 3,
    }
    base.update(overrides)
    return Inputs(**base)  # type: ignore[arg-type]


def result(**overrides: object) -> dict:
    return compare(make(**overrides), PRICES).to_dict()


def option(res: dict, name: str) -> dict:
    for opt in res["options"]:
        if opt["option"] == name:
            return opt
    raise AssertionError(name)


def reasons(res: dict, name: str) -> str:
    return " ".join(option(res, name)["reasons"])


# ------------------------------------------------------------------ hand-computed costs


class TestWorkedExamples:
    def test_steady_web_tier_for_three_years(self):
        res = result()
        # On-Demand: 0.1008 x 24 h x 30.4167 days = 0.1008 x 730 = 73.584 a month,
        #            x 36 months = 2,649.024
        od = option(res, "on-demand")
        assert od["monthly_cost_usd"] == pytest.approx(73.584)
        assert od["total_cost_usd"] == pytest.approx(2649.024)
        assert od["break_even_hours_per_day"] is None
        # EC2 Instance SP, 3 years: 0.0423 x 730 = 30.879 a month, x 36 = 1,111.644
        # break-even: 24 x 0.0423 x 36 / (0.1008 x 36) = 10.0714 hours a day
        ei = option(res, "ec2-instance-savings-plan")
        assert ei["monthly_cost_usd"] == pytest.approx(30.879)
        assert ei["total_cost_usd"] == pytest.approx(1111.644)
        assert ei["break_even_hours_per_day"] == pytest.approx(10.0714, abs=1e-4)
        assert ei["billed_months"] == 36 and ei["term_years"] == 3
        # Compute SP, 3 years: 0.0444 x 730 = 32.412 a month; 24 x 0.0444 / 0.1008 = 10.5714
        cs = option(res, "compute-savings-plan")
        assert cs["monthly_cost_usd"] == pytest.approx(32.412)
        assert cs["break_even_hours_per_day"] == pytest.approx(10.5714, abs=1e-4)
        # Spot: 0.1008 x 0.4 = 0.04032 x 730 = 29.4336 a month, but not interruptible
        spot = option(res, "spot")
        assert spot["monthly_cost_usd"] == pytest.approx(29.4336)
        assert spot["fits"] is False
        # The Standard RI costs the same as the EC2 Instance SP here; the Savings Plan,
        # more flexible, wins the tie.
        assert option(res, "reserved-instance")["total_cost_usd"] == pytest.approx(1111.644)
        assert res["recommended"] == "ec2-instance-savings-plan"
        assert res["cheapest"] == "spot"
        assert "can't be interrupted" in res["note"]
        # At 24 h a day it saves 2,649.024 - 1,111.644 = 1,537.38 (58%)
        assert "saves $1,537.38 (58%)" in reasons(res, "ec2-instance-savings-plan")

    def test_dev_box_on_weekdays_stays_on_demand(self):
        res = result(instance_type="t3.medium", hours_per_day=5.7, months=12, commitment_years=1)
        # On-Demand: 0.0416 x 5.7 x 30.4167 = 7.2124 a month, x 12 = 86.5488
        assert option(res, "on-demand")["monthly_cost_usd"] == pytest.approx(7.2124)
        assert option(res, "on-demand")["total_cost_usd"] == pytest.approx(86.5488)
        # EC2 Instance SP, 1 year: 0.0262 x 730 = 19.126 a month, whatever the hours;
        # break-even 24 x 0.0262 / 0.0416 = 15.1154 hours a day
        ei = option(res, "ec2-instance-savings-plan")
        assert ei["monthly_cost_usd"] == pytest.approx(19.126)
        assert ei["break_even_hours_per_day"] == pytest.approx(15.1154, abs=1e-4)
        assert res["recommended"] == "on-demand"
        # 229.512 - 86.5488 = 142.9632 more than On-Demand
        assert "costs $142.96 more than On-Demand" in reasons(res, "ec2-instance-savings-plan")
        assert any("no commitment pays off" in n for n in res["notes"])

    def test_interruptible_batch_job_goes_to_spot(self):
        res = result(
            instance_type="c7i.xlarge",
            hours_per_day=6,
            months=12,
            interruptible=True,
            commitment_years=1,
        )
        # Spot: 0.1785 x 0.4 = 0.0714 x 6 x 30.4167 = 13.0305 a month, x 12 = 156.366
        spot = option(res, "spot")
        assert spot["fits"] is True
        assert spot["monthly_cost_usd"] == pytest.approx(13.0305)
        assert spot["total_cost_usd"] == pytest.approx(156.366)
        # On-Demand: 0.1785 x 6 x 30.4167 = 32.57625 a month
        assert option(res, "on-demand")["monthly_cost_usd"] == pytest.approx(32.57625)
        assert res["recommended"] == "spot"
        assert res["note"] is None
        assert "two-minute interruption notice" in reasons(res, "spot")

    def test_rounding_of_the_monthly_hours(self):
        # One hour a day for one month: 0.1008 x 1 x 730 / 24 = 3.066
        res = result(hours_per_day=1, months=1, commitment_years=1)
        assert option(res, "on-demand")["total_cost_usd"] == pytest.approx(3.066)
        assert option(res, "on-demand")["monthly_cost_per_daily_hour_usd"] == pytest.approx(3.066)


class TestBreakEven:
    def test_formula(self):
        # 24 x 0.0423 x 36 / (0.1008 x 36) = 10.0714...
        assert break_even_hours(0.0423, 0.1008, 36, 3) == pytest.approx(10.071428571)

    def test_at_the_boundary_on_demand_wins_the_tie(self):
        even = break_even_hours(0.0423, 0.1008, 36, 3)
        at = compare(make(hours_per_day=even), PRICES)
        assert at.option("on-demand").total_cost == pytest.approx(
            at.option("ec2-instance-savings-plan").total_cost
        )
        # Equal cost: no commitment for no saving.
        assert at.recommended == "on-demand"

    def test_just_below_and_just_above(self):
        even = break_even_hours(0.0423, 0.1008, 36, 3)
        assert compare(make(hours_per_day=even - 0.01), PRICES).recommended == "on-demand"
        above = compare(make(hours_per_day=even + 0.01), PRICES)
        assert above.recommended == "ec2-instance-savings-plan"
        assert "Break-even: 10.1 hours a day" in " ".join(
            above.option("ec2-instance-savings-plan").reasons
        )

    def test_four_hours_a_day_never_pays_off(self):
        res = result(hours_per_day=4)
        assert res["recommended"] == "on-demand"
        for name in COMMITMENTS:
            assert option(res, name)["total_cost_usd"] > option(res, "on-demand")["total_cost_usd"]

    def test_none_when_even_24_hours_a_day_is_not_enough(self):
        # 6 months on a 1-year term: 24 x 0.0833 x 12 / (0.1323 x 6) = 30.2 > 24
        res = result(instance_type="r7i.large", months=6, commitment_years=1)
        assert option(res, "ec2-instance-savings-plan")["break_even_hours_per_day"] is None
        assert "never pays off" in reasons(res, "ec2-instance-savings-plan")

    def test_the_chart_line_meets_on_demand_at_the_break_even(self):
        res = result(hours_per_day=3)
        od = option(res, "on-demand")
        for name in COMMITMENTS:
            opt = option(res, name)
            even = opt["break_even_hours_per_day"]
            assert od["monthly_cost_per_daily_hour_usd"] * even == pytest.approx(
                opt["monthly_cost_fixed_usd"], rel=1e-4
            )


class TestTerms:
    def test_commitment_longer_than_the_project_bills_the_whole_term(self):
        res = result(instance_type="r7i.large", months=6, commitment_years=1)
        ei = option(res, "ec2-instance-savings-plan")
        # 0.0833 x 730 x 12 = 729.708 in total, spread over 6 months = 121.618 a month
        assert ei["total_cost_usd"] == pytest.approx(729.708)
        assert ei["monthly_cost_usd"] == pytest.approx(121.618)
        assert ei["billed_months"] == 12
        assert ei["fits"] is True  # allowed, just expensive
        # On-Demand 24/7: 0.1323 x 730 = 96.579 a month, x 6 = 579.474
        assert option(res, "on-demand")["total_cost_usd"] == pytest.approx(579.474)
        assert res["recommended"] == "on-demand"
        text = reasons(res, "ec2-instance-savings-plan")
        assert "longer than your 6 months" in text and "all 12 months are still billed" in text
        assert any("No commitment pays off over 6 months" in n for n in res["notes"])

    def test_a_three_year_term_for_a_one_year_project(self):
        res = result(months=12, commitment_years=3)
        # 0.0423 x 730 x 36 = 1,111.644 for a 12-month project: 92.637 a month
        ei = option(res, "ec2-instance-savings-plan")
        assert ei["total_cost_usd"] == pytest.approx(1111.644)
        assert ei["monthly_cost_usd"] == pytest.approx(92.637)
        assert ei["break_even_hours_per_day"] is None  # 24 x 0.0423 x 36 / (0.1008 x 12) = 30.2

    def test_a_project_longer_than_one_term_renews_whole_terms(self):
        res = result(months=48)
        ei = option(res, "ec2-instance-savings-plan")
        # Two 3-year terms = 72 months: 0.0423 x 730 x 72 = 2,223.288
        assert ei["billed_months"] == 72
        assert ei["total_cost_usd"] == pytest.approx(2223.288)
        # break-even 24 x 0.0423 x 72 / (0.1008 x 48) = 15.107
        assert ei["break_even_hours_per_day"] == pytest.approx(15.1071, abs=1e-4)
        assert "need 2 3-year terms" in reasons(res, "ec2-instance-savings-plan")

    @pytest.mark.parametrize(
        ("months", "years", "billed"),
        [(1, 1, 12), (12, 1, 12), (12.5, 1, 24), (36, 3, 36), (37, 3, 72), (0.01, 3, 36)],
    )
    def test_billed_months(self, months, years, billed):
        assert billed_months(months, years) == billed

    def test_no_commitment_rules_out_savings_plans_and_reserved_instances(self):
        res = result(commitment_years=0, interruptible=True)
        for name in COMMITMENTS:
            opt = option(res, name)
            assert opt["fits"] is False
            assert opt["term_years"] == 1  # priced with a 1-year term for comparison
            assert "no commitment (0 years)" in " ".join(opt["reasons"])
        # 0.0635 x 730 = 46.355 a month on a 1-year term, renewed for 36 months
        assert option(res, "ec2-instance-savings-plan")["monthly_cost_usd"] == pytest.approx(46.355)
        assert res["recommended"] == "spot"

    def test_no_commitment_note_when_a_commitment_would_be_cheapest(self):
        res = result(commitment_years=0)
        assert res["recommended"] == "on-demand"
        assert res["cheapest"] == "spot"
        res = result(commitment_years=0, instance_type="m7g.large")
        assert option(res, "ec2-instance-savings-plan")["fits"] is False


class TestSpotAndFlexibility:
    def test_spot_fits_only_when_interruptible(self):
        assert option(result(interruptible=True), "spot")["fits"] is True
        excluded = result(interruptible=False)
        assert option(excluded, "spot")["fits"] is False
        assert "two-minute notice" in reasons(excluded, "spot")
        assert excluded["recommended"] != "spot"

    def test_spot_reason_gives_the_typical_range(self):
        # 60-90% off: 0.1008 x 0.1 x 730 = 7.36 to 0.1008 x 0.4 x 730 = 29.43 a month
        assert "$7.36-$29.43 a month" in reasons(result(), "spot")

    def test_flexibility_reasons_tell_the_options_apart(self):
        res = result()
        assert "Fargate and Lambda" in reasons(res, "compute-savings-plan")
        assert "one instance family in one Region (m7i in us-east-1)" in reasons(
            res, "ec2-instance-savings-plan"
        )
        ri = reasons(res, "reserved-instance")
        assert "Convertible RI" in ri and "Reserved Instance Marketplace" in ri
        assert "costs the same here as the EC2 Instance Savings Plan" in ri

    def test_every_commitment_explains_it_bills_every_hour(self):
        res = result(hours_per_day=4)
        for name in COMMITMENTS:
            assert "bills every hour of its 3-year term whether or not" in reasons(res, name)


# -------------------------------------------------------------------------- presets


def test_presets_are_the_documented_set():
    assert [p[0] for p in PRESETS] == ["steady-web", "batch-spot", "dev-box", "short-project"]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        ("steady-web", "ec2-instance-savings-plan"),
        ("batch-spot", "spot"),
        ("dev-box", "on-demand"),
        ("short-project", "on-demand"),
    ],
)
def test_preset_recommendation(preset, expected):
    form = next(values for key, _label, values in PRESETS if key == preset)
    assert compare(parse_input(form), PRICES).recommended == expected


# ------------------------------------------------------------------------- parsing


class TestParseInput:
    def test_form_strings(self):
        inp = parse_input(
            {
                "instance_type": " M7I.Large ",
                "hours_per_day": "5.7",
                "months": "12",
                "interruptible": "on",
                "commitment_years": "1",
            }
        )
        assert inp == Inputs("m7i.large", 5.7, 12.0, True, 1)

    def test_json_types_and_defaults(self):
        inp = parse_input(
            {"instance_type": "t3.medium", "hours_per_day": 0, "months": 1, "commitment_years": 3}
        )
        assert inp.interruptible is False  # an unticked checkbox is not posted
        assert inp.hours_per_day == 0 and inp.commitment_years == 3

    def test_years_as_a_float(self):
        assert parse_input({**VALID, "commitment_years": 1.0}).commitment_years == 1

    def test_all_errors_at_once(self):
        with pytest.raises(InputError) as exc:
            parse_input({"interruptible": "maybe"})
        fields = [e.field for e in exc.value.errors]
        assert fields == [
            "instance_type",
            "hours_per_day",
            "months",
            "interruptible",
            "commitment_years",
        ]

    def test_unknown_region(self):
        with pytest.raises(InputError) as exc:
            load_prices("eu-west-9")
        assert exc.value.errors[0].field == "region"
        assert "us-east-1" in exc.value.errors[0].message


VALID = {"instance_type": "m7i.large", "hours_per_day": 8, "months": 12, "commitment_years": 1}
KNOWN = "c7i.xlarge, m7g.large, m7i.large, r7i.large, t3.medium"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("instance_type", None, "This field is required."),
        ("instance_type", 123, "Must be text."),
        ("instance_type", "x" * 200, "Must be at most 100 characters long."),
        ("instance_type", "   ", f"This field is required. Known: {KNOWN}."),
        (
            "instance_type",
            "m7i.larg",
            f"Unknown instance type 'm7i.larg'. Known instance types: {KNOWN}. "
            "Did you mean m7i.large?",
        ),
        ("instance_type", "p5.48xlarge", "Unknown instance type 'p5.48xlarge'. Known instance"),
        # Arbitrary text is never echoed back.
        ("instance_type", "<script>alert(1)</script>", "Unknown instance type. Known"),
        ("hours_per_day", None, "This field is required."),
        ("hours_per_day", "", "This field is required."),
        ("hours_per_day", True, "Must be a number, such as 8 or 5.7."),
        ("hours_per_day", [8], "Must be a number, such as 8 or 5.7."),
        ("hours_per_day", "8 h", "Must be a number, such as 8 or 5.7 (digits only, no units)."),
        ("hours_per_day", "nan", "Must be a number, such as 8 or 5.7 (digits only, no units)."),
        ("hours_per_day", math.nan, "Must be an ordinary finite number."),
        ("hours_per_day", math.inf, "Must be an ordinary finite number."),
        (
            "hours_per_day",
            -1,
            "Hours per day can't be negative; use 0 for an instance that never runs.",
        ),
        ("hours_per_day", 24.5, "A day has only 24 hours: enter 0 to 24."),
        ("hours_per_day", "1e999", "A day has only 24 hours"),
        ("hours_per_day", 10**400, "A day has only 24 hours"),
        ("months", 0, "The project must last more than 0 months."),
        ("months", -3, "The project must last more than 0 months."),
        ("months", 0.001, "At least 0.01 month (about 7 hours), please."),
        ("months", 121, "At most 120 months (10 years); prices change long before that."),
        ("months", "twelve", "Must be a number"),
        ("interruptible", "maybe", "Must be true or false."),
        ("interruptible", 1, "Must be true or false."),
        ("commitment_years", None, "This field is required."),
        ("commitment_years", " ", "This field is required."),
        (
            "commitment_years",
            2,
            "Choose 0 (no commitment), 1 or 3 years: Savings Plans and Reserved Instances "
            "are sold only for 1-year or 3-year terms.",
        ),
        ("commitment_years", "5", "Choose 0 (no commitment), 1 or 3 years"),
        ("commitment_years", True, "Choose 0 (no commitment), 1 or 3 years"),
        ("commitment_years", 1.5, "Choose 0 (no commitment), 1 or 3 years"),
        ("commitment_years", "1 year", "Choose 0 (no commitment), 1 or 3 years"),
    ],
)
def test_input_errors(field, value, message):
    data = {**VALID, field: value}
    if value is None:
        del data[field]
    with pytest.raises(InputError) as exc:
        parse_input(data)
    errors = {e.field: e.message for e in exc.value.errors}
    assert list(errors) == [field]
    assert errors[field].startswith(message) or message in errors[field]


# ------------------------------------------------------------------- prices file


def test_prices_file_is_dated_sourced_and_marked_illustrative():
    raw = json.loads(PRICES_FILE.read_text(encoding="utf-8"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw["prices_as_of"])
    assert raw["status"] == "illustrative"
    assert "ILLUSTRATIVE" in raw["notes"][0] and "CHECK THE PRICING PAGES" in raw["notes"][0]
    assert raw["pricing_pages"]["on_demand"].startswith("https://aws.amazon.com/ec2/pricing")
    assert set(raw["instances"]) >= {"t3.medium", "m7i.large", "m7g.large", "c7i.xlarge"}
    for name, inst in raw["instances"].items():
        assert inst["sources"]["on_demand"].startswith("https://"), name
        assert inst["verified"]["on_demand"], name
        assert "illustrative" in inst["verified"]["commitments"], name
    spot = raw["spot"]
    assert spot["sources"]["interruption_notice"].startswith("https://docs.aws.amazon.com/")
    assert spot["typical_discount_min"] <= spot["estimate_discount"] < spot["typical_discount_max"]


def test_commitment_rates_follow_the_documented_discounts():
    raw = json.loads(PRICES_FILE.read_text(encoding="utf-8"))
    discounts = raw["commitment_discounts"]
    for name, inst in raw["instances"].items():
        for key in ("compute_savings_plan", "ec2_instance_savings_plan", "reserved_instance"):
            for years, rate in inst[key].items():
                expected = inst["on_demand"] * (1 - discounts[key][years])
                assert rate == pytest.approx(expected, abs=0.00005), (name, key, years)
            # Longer terms are cheaper, and everything is cheaper than On-Demand.
            assert inst[key]["3"] < inst[key]["1"] < inst["on_demand"]
        # The narrower EC2 Instance Savings Plan never costs more than the Compute one.
        for years in ("1", "3"):
            assert inst["ec2_instance_savings_plan"][years] <= inst["compute_savings_plan"][years]


def test_instance_choices_name_size_and_rate():
    choices = dict(cc.instance_choices())
    assert choices["m7i.large"] == "m7i.large (2 vCPU, 8 GiB, $0.1008/hour On-Demand)"


# ------------------------------------------------------------------- contract


def test_output_matches_the_contract_and_schema():
    res = result()
    assert set(OUTPUT_SCHEMA["required"]) <= set(res)  # type: ignore[arg-type]
    assert res["region"] == "us-east-1"
    assert res["prices_as_of"] == PRICES.as_of
    option_schema = OUTPUT_SCHEMA["properties"]["options"]["items"]  # type: ignore[index]
    for opt in res["options"]:
        assert set(option_schema["required"]) <= set(opt)
        assert set(opt) <= set(option_schema["properties"])
    assert json.loads(json.dumps(res)) == res


def test_input_schema_lists_every_field():
    assert set(INPUT_SCHEMA["properties"]) == {  # type: ignore[call-overload]
        "instance_type",
        "hours_per_day",
        "months",
        "interruptible",
        "commitment_years",
    }
    assert INPUT_SCHEMA["properties"]["instance_type"]["enum"] == list(PRICES.instance_types)  # type: ignore[index]


@pytest.mark.parametrize(
    "path", sorted(Path(cc.__file__).parent.glob("*.py")), ids=lambda p: p.name
)
def test_no_module_of_the_package_imports_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in names)


# ------------------------------------------------------------------- properties

inputs = st.builds(
    Inputs,
    instance_type=st.sampled_from(PRICES.instance_types),
    hours_per_day=st.floats(min_value=0, max_value=24),
    months=st.floats(min_value=0.01, max_value=120),
    interruptible=st.booleans(),
    commitment_years=st.sampled_from(cc.COMMITMENT_YEARS),
)
hours = st.floats(min_value=0, max_value=24)


@settings(max_examples=300, deadline=None)
@given(inputs)
def test_costs_are_finite_and_never_negative(inp):
    res = compare(inp, PRICES).to_dict()
    assert sorted(o["option"] for o in res["options"]) == sorted(OPTIONS)
    for opt in res["options"]:
        for key in ("monthly_cost_usd", "total_cost_usd"):
            assert math.isfinite(opt[key]) and opt[key] >= 0
        even = opt["break_even_hours_per_day"]
        assert even is None or 0 <= even <= 24


@settings(max_examples=200, deadline=None)
@given(inputs, hours, hours)
def test_more_hours_never_cost_less_on_demand(inp, a, b):
    low, high = sorted((a, b))
    cost_low = compare(make(**{**inp.to_dict(), "hours_per_day": low}), PRICES)
    cost_high = compare(make(**{**inp.to_dict(), "hours_per_day": high}), PRICES)
    for name in ("on-demand", "spot"):
        assert cost_low.option(name).monthly_cost <= cost_high.option(name).monthly_cost


@settings(max_examples=200, deadline=None)
@given(inputs, hours)
def test_committed_monthly_cost_does_not_depend_on_hours_used(inp, other):
    first = compare(inp, PRICES).to_dict()
    second = compare(make(**{**inp.to_dict(), "hours_per_day": other}), PRICES).to_dict()
    for name in COMMITMENTS:
        assert option(first, name)["monthly_cost_usd"] == option(second, name)["monthly_cost_usd"]
        assert option(first, name)["monthly_cost_per_daily_hour_usd"] == 0


@settings(max_examples=200, deadline=None)
@given(inputs)
def test_recommended_is_the_cheapest_option_that_fits(inp):
    res = compare(inp, PRICES).to_dict()
    fitting = [o for o in res["options"] if o["fits"]]
    assert option(res, res["recommended"])["fits"]
    assert option(res, res["recommended"])["total_cost_usd"] == min(
        o["total_cost_usd"] for o in fitting
    )
    assert option(res, "on-demand")["fits"]
    assert option(res, "spot")["fits"] is inp.interruptible
    for name in COMMITMENTS:
        assert option(res, name)["fits"] is (inp.commitment_years > 0)
    # Fitting options come first, each group by total cost.
    flags = [o["fits"] for o in res["options"]]
    assert flags == sorted(flags, reverse=True)
