"""axe-core (vendored in tests/browser/vendor, MPL-2.0) finds no violations on any page
type, in the light and the dark theme."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from studysite.chapters.loader import build_library

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
# WCAG 2.x A and AA rules plus axe's best practices.
RUN_AXE = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ': ' + n.failureSummary)
  }));
}"""


def page_types():
    # Every chapter: each has its own tables, diagrams and embeds.
    chapters = {f"chapter-{c.slug}": c.url for c in build_library().chapters}
    return {
        "home": "/",
        **chapters,
        "search": "/search/?q=bucket",
        "search-empty": "/search/?q=zzzzqqq",
        "tools": "/tools/",
        "tool": "/tools/s3-uri/?bucket=Bad_Name&region=x",
        "tool-result": "/tools/s3-uri/?bucket=amzn-s3-demo-bucket&key=a/b.txt",
        "not-found": "/notes/no-such-chapter/",
        "bucket-name": "/tools/bucket-name/?name=My_Bucket..x",
        "object-key": "/tools/object-key/?key=reports/Q1%20%26%20%7Bdraft%7D.pdf",
        "sigv4": "/tools/sigv4/?mode=presign&timestamp=20250115T093000Z",
        "storage-class": "/tools/storage-class/",
        "chapter-quiz": "/quiz/chapter/s3-addressing/",
        "practice": "/quiz/practice/",
        "exam-start": "/quiz/exam/",
        "review": "/review/",
        "history": "/history/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/?next=/history/",
        "password-reset": "/accounts/password/reset/",
        "storage-class-errors": "/tools/storage-class/?data_gb=-1&months=x",
        "cli-explain": "/tools/cli-explain/?"
        + urlencode({"command": "aws s3api put-objct --bucket b | jq"}),
        "cli-explain-tree": "/tools/cli-explain/?"
        + urlencode(
            {
                "command": "aws ec2 run-instances --tag-specifications "
                "'ResourceType=instance,Tags=[{Key=Name,Value=web}]'"
            }
        ),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(page_types()))
def test_no_axe_violations(new_page, name, scheme):
    # axe is injected as an inline script, which the site's CSP rightly blocks: this one
    # context bypasses CSP (the other browser tests run with it and fail on violations).
    page = new_page(color_scheme=scheme, bypass_csp=True)
    page.goto(page_types()[name])
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(RUN_AXE)
    assert violations == [], json.dumps(violations, indent=1)
