"""The live widgets' Python in the export: live.js's runner, given only the files the
export ships, computes what the site computes for every live widget's examples, and
the export ships none of the other widgets' logic."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from studysite.export import assets
from studysite.export.assets import LIVE_MODULES, live_modules, live_python
from studysite.export.pages import FIXED_TIMESTAMP
from studysite.export.widgets import LIVE_WIDGETS
from studysite.widgets.embed import run_widget
from studysite.widgets.registry import WIDGETS

LIVE_JS = assets.OWN_ASSETS / "live.js"


def runner() -> str:
    """live.js's RUNNER, the Python it runs in Pyodide (a list of JavaScript strings)."""
    block = re.search(r"var RUNNER = \[(.*?)\]\.join", LIVE_JS.read_text(), re.S)
    assert block, "live.js has no RUNNER"
    return "\n".join(json.loads(s) for s in re.findall(r'"(?:[^"\\]|\\.)*"', block[1]))


def test_the_runner_imports_the_live_modules():
    (line,) = [x for x in runner().splitlines() if x.startswith("from studysite")]
    assert line == f"from studysite.widgets.logic import {', '.join(LIVE_MODULES)}"


def test_only_the_live_widgets_logic_is_shipped():
    shipped = set(live_modules())
    for name in ("bucket_names", "s3_uri", "sigv4", "storage_classes", "common"):
        assert f"studysite.widgets.logic.{name}" in shipped
    for name in ("cli_explain", "iam_policy", "subnet_plan", "compute_cost"):
        assert not any(m.split(".")[3:4] == [name] for m in shipped), name
    assert "studysite.widgets.logic.sigv4.signing" in shipped  # a package's own modules
    assert "studysite.widgets.logic" in shipped


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("py")
    for name, data in live_python():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_the_runner_computes_what_the_site_does_from_the_shipped_files_alone(shipped):
    cases = [
        (name, dict(values))
        for name in sorted(LIVE_WIDGETS)
        for _, values in (*WIDGETS[name].examples, ("initial", WIDGETS[name].initial))
    ]
    for name, values in cases:  # the same moment in both (the signer reads the clock)
        if WIDGETS[name].clock_field and not values.get(WIDGETS[name].clock_field):
            values[WIDGETS[name].clock_field] = FIXED_TIMESTAMP
    cases.append(("bucket-name", {"name": "\x00" * 70}))  # bad input: its errors
    code = (
        "import json, sys\n"
        f"sys.path.insert(0, {str(shipped)!r})\n"
        + runner()
        + "\ncases = json.loads(sys.stdin.read())\n"
        "out = [json.loads(run(name, json.dumps(values))) for name, values in cases]\n"
        "outside = sorted(m for m, mod in sys.modules.items() if m.startswith('studysite')\n"
        f"    and not (getattr(mod, '__file__', None) or '').startswith({str(shipped)!r}))\n"
        "print(json.dumps({'out': out, 'outside': outside}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outside"] == []  # nothing came from the checkout
    expected = []
    for name, values in cases:
        computed, errors = run_widget(WIDGETS[name], values)
        expected.append({"errors": errors} if computed is None else computed)
    assert result["out"] == json.loads(json.dumps(expected))
    assert len(cases) >= 2 * len(LIVE_WIDGETS)


def test_imports_are_read_from_the_source(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text(
        "import json, os.path as p\n"
        "from ..common import (\n    FieldError,\n    InputError,\n)\n"
        "from . import rules\n"
        "from studysite.widgets.logic import bucket_names, sigv4 as s\n"
        "def f():\n    from .lazy import thing\n"
        'x = "from nowhere import nothing"\n'
    )
    found = set(assets._imports("studysite.widgets.logic.pkg.mod", source))
    assert {
        "json",
        "os.path",
        "studysite.widgets.logic.common",
        "studysite.widgets.logic.common.FieldError",
        "studysite.widgets.logic.pkg",
        "studysite.widgets.logic.pkg.rules",
        "studysite.widgets.logic.bucket_names",
        "studysite.widgets.logic.sigv4",
        "studysite.widgets.logic.pkg.lazy",
    } <= found
    assert not any("nowhere" in name for name in found)  # inside a string, mid-line
