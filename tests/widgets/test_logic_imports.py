"""Widget logic stays pure: no module under widgets/logic imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import studysite.widgets.logic as logic_package

LOGIC_DIR = Path(logic_package.__file__).parent
MODULES = sorted(LOGIC_DIR.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_logic_module_does_not_import_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    assert "studysite" not in imported  # only relative imports within widgets/logic


def test_registry_does_not_import_django():
    source = (LOGIC_DIR.parent / "registry.py").read_text(encoding="utf-8")
    assert "django" not in source
