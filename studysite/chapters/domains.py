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

    @property
    def label(self) -> str:
        return f"Domain {self.number}: {self.title}"


DOMAINS = MappingProxyType(
    {
        d.number: d
        for d in (
            Domain(1, "Design Secure Architectures", 30),
            Domain(2, "Design Resilient Architectures", 26),
            Domain(3, "Design High-Performing Architectures", 24),
            Domain(4, "Design Cost-Optimized Architectures", 20),
        )
    }
)
