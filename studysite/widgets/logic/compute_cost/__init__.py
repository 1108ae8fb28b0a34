"""The EC2 purchase-option calculator (pure Python, no Django).

Given one Linux instance type, how many hours a day it runs, for how many months,
whether the work may be interrupted and how long the learner would commit (0, 1 or 3
years), ``compare`` prices every way to buy it – On-Demand, a Compute Savings Plan, an
EC2 Instance Savings Plan, a Standard Reserved Instance and Spot – and ranks them: the
options that fit first, cheapest first, then the rest. Each option says why it fits or
not, what it would cost per month and in total, and for the commitments the break-even
hours per day against On-Demand.

The rules it teaches (each one a reason in the result):

- A commitment (Savings Plan or Reserved Instance) bills every hour of its term whether
  the instance runs or not, so it pays off only above a break-even number of hours a
  day: ``24 x commitment rate x billed months / (On-Demand rate x project months)``.
  A workload that runs 4 hours a day rarely reaches it.
- A term longer than the project is still billed in full; a project longer than one
  term renews for whole terms (a 4-year project on 3-year terms pays for 6 years).
- ``commitment_years`` 0 rules out Savings Plans and Reserved Instances (they are still
  priced, with a 1-year term, for comparison).
- Spot fits only work that can be interrupted: EC2 takes the capacity back with a
  two-minute interruption notice.
- Flexibility: a Compute Savings Plan follows the workload to any instance family,
  size, Region, OS or tenancy and to Fargate and Lambda; an EC2 Instance Savings Plan
  is locked to one family in one Region; a Standard Reserved Instance to one instance
  type's attributes.

``recommended`` is the cheapest option that fits (On-Demand always fits); on a tie the
more flexible option wins (the order of ``OPTIONS``).

Prices are data, not code: ``studysite/widgets/data/compute-prices/<region>.json``,
dated, with the source of each figure. Its commitment rates are illustrative (On-Demand
times a typical No Upfront discount), as the file says.

Sources (AWS documentation, read for this module; the wording below is our own):

- Spot interruption notice, two minutes:
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html
- Reservations are billed for every clock-hour of the term, whether or not an instance
  runs: https://docs.aws.amazon.com/whitepapers/latest/cost-optimization-reservation-models/usage-billing.html
- Reserved Instances, and AWS's advice to prefer Savings Plans over them:
  https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-reserved-instances.html
- Savings Plans types (Compute: any family, size, AZ, Region, OS, tenancy, Fargate and
  Lambda, up to 66%; EC2 Instance: one family in one Region, up to 72%):
  https://docs.aws.amazon.com/savingsplans/latest/userguide/plan-types.html

Modules, by responsibility: ``constants`` (the options, terms, limits, assumptions),
``prices`` (the prices files read into ``Prices``, cached), ``inputs`` (``parse_input``),
``options`` (each purchase option priced and explained, break-even hours, ``compare``
ranking them), ``results`` (``Option`` and ``Result``), ``schemas`` and ``presets``.
"""

from __future__ import annotations

from ..common import MAX_NUMBER_CHARS
from .constants import (
    ASSUMPTIONS,
    COMMITMENT_LABELS,
    COMMITMENT_YEARS,
    COMMITMENTS,
    COMPARISON_YEARS,
    COMPUTE_SP,
    DEFAULT_REGION,
    DISCLAIMER,
    EC2_INSTANCE_SP,
    HOURS_DECIMALS,
    HOURS_PER_DAY,
    MAX_MONTHS,
    MIN_MONTHS,
    ON_DEMAND,
    OPTION_NAMES,
    OPTIONS,
    RESERVED,
    SPOT,
)
from .inputs import Inputs, parse_input
from .options import billed_months, break_even_hours, compare, compare_purchase_options
from .presets import PRESETS
from .prices import (
    InstancePrices,
    Prices,
    SpotTerms,
    available_regions,
    instance_choices,
    load_prices,
)
from .results import Option, Result
from .schemas import INPUT_SCHEMA, OUTPUT_SCHEMA

__all__ = [
    "ASSUMPTIONS",
    "COMMITMENTS",
    "COMMITMENT_LABELS",
    "COMMITMENT_YEARS",
    "COMPARISON_YEARS",
    "COMPUTE_SP",
    "DEFAULT_REGION",
    "DISCLAIMER",
    "EC2_INSTANCE_SP",
    "HOURS_DECIMALS",
    "HOURS_PER_DAY",
    "INPUT_SCHEMA",
    "MAX_MONTHS",
    "MAX_NUMBER_CHARS",
    "MIN_MONTHS",
    "ON_DEMAND",
    "OPTIONS",
    "OPTION_NAMES",
    "OUTPUT_SCHEMA",
    "PRESETS",
    "RESERVED",
    "SPOT",
    "Inputs",
    "InstancePrices",
    "Option",
    "Prices",
    "Result",
    "SpotTerms",
    "available_regions",
    "billed_months",
    "break_even_hours",
    "compare",
    "compare_purchase_options",
    "instance_choices",
    "load_prices",
    "parse_input",
]
