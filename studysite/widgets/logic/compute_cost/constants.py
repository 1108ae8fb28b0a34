"""The calculator's purchase options, commitment terms, input limits, stated assumptions
and disclaimer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ON_DEMAND = "on-demand"
COMPUTE_SP = "compute-savings-plan"
EC2_INSTANCE_SP = "ec2-instance-savings-plan"
RESERVED = "reserved-instance"
SPOT = "spot"

# Most flexible first: on equal cost the earlier option is recommended.
OPTIONS: tuple[str, ...] = (ON_DEMAND, COMPUTE_SP, EC2_INSTANCE_SP, RESERVED, SPOT)
COMMITMENTS: tuple[str, ...] = (COMPUTE_SP, EC2_INSTANCE_SP, RESERVED)
OPTION_NAMES: Mapping[str, str] = {
    ON_DEMAND: "On-Demand",
    COMPUTE_SP: "Compute Savings Plan",
    EC2_INSTANCE_SP: "EC2 Instance Savings Plan",
    RESERVED: "Standard Reserved Instance",
    SPOT: "Spot Instance",
}
# The keys of each commitment's rates in the prices file.
RATE_KEYS: Mapping[str, str] = {
    COMPUTE_SP: "compute_savings_plan",
    EC2_INSTANCE_SP: "ec2_instance_savings_plan",
    RESERVED: "reserved_instance",
}

COMMITMENT_YEARS: tuple[int, ...] = (0, 1, 3)
COMMITMENT_LABELS: Mapping[str, str] = {
    "0": "No commitment",
    "1": "1 year",
    "3": "3 years",
}
# A learner who commits to nothing still sees what a 1-year term would have cost.
COMPARISON_YEARS = 1

HOURS_PER_DAY = 24
MAX_MONTHS = 120
MIN_MONTHS = 0.01  # about 7 hours: shorter is no project, and keeps every cost finite
HOURS_DECIMALS = 4

DEFAULT_REGION = "us-east-1"
REGION_RE = re.compile(r"^[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}$")
INSTANCE_RE = re.compile(r"^[a-z0-9][a-z0-9.\-]{0,29}$")

ASSUMPTIONS: tuple[str, ...] = (
    "One instance, Linux, shared tenancy, in the prices file's Region; commitments are "
    "bought No Upfront.",
    "A month is 730 hours (24 x 365 / 12). hours_per_day is the average over the month: "
    "8 hours on 5 weekdays is 8 x 5 / 7, about 5.7 hours a day.",
    "On-Demand and Spot bill only the hours the instance runs (per second on Linux, with "
    "a 60-second minimum; here in hours).",
    "A Savings Plan commitment (in $/hour) or a Reserved Instance covers exactly this one "
    "instance and bills every hour of its term, used or not. A term that outlasts the "
    "project is billed in full; a project longer than one term renews for whole terms.",
    "Spot is estimated at the low end of its typical discount; the real Spot price moves "
    "with supply and demand.",
    "Not included: EBS volumes, data transfer, public IPv4 addresses, taxes, the Free "
    "Tier, and upfront payment options.",
    "monthly_cost_usd is total_cost_usd divided by the project's months, so a term longer "
    "than the project raises the monthly figure.",
)

DISCLAIMER = (
    "Estimates from illustrative list prices, for learning. The Savings Plan and Reserved "
    "Instance rates here are the On-Demand rate minus a typical discount, not AWS's "
    "published rate for each instance: check the EC2 and Savings Plans pricing pages (or "
    "the AWS Pricing Calculator) before committing to anything."
)
