"""The four SAA-C03 content domains and their weights (share of scored questions).

Source: AWS Certified Solutions Architect - Associate (SAA-C03) exam guide,
https://docs.aws.amazon.com/aws-certification/latest/solutions-architect-associate-03/solutions-architect-associate-03.html
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Domain:
    number: int
    title: str
    weight: int  # percent of scored content
    short: str = ""  # one word for chips ("Secure")

    @property
    def label(self) -> str:
        return f"Domain {self.number}: {self.title}"


DOMAINS = MappingProxyType(
    {
        d.number: d
        for d in (
            Domain(1, "Design Secure Architectures", 30, "Secure"),
            Domain(2, "Design Resilient Architectures", 26, "Resilient"),
            Domain(3, "Design High-Performing Architectures", 24, "High-performing"),
            Domain(4, "Design Cost-Optimized Architectures", 20, "Cost-optimized"),
        )
    }
)
