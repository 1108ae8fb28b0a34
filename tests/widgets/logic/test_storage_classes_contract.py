"""The storage-class picker's prices file, output shape and imports (pure logic,
no Django)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from studysite.widgets.logic import storage_classes as sc
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.storage_classes import (
    CLASS_IDS,
    INPUT_SCHEMA,
    OUTPUT_SCHEMA,
    Inputs,
    load_prices,
    recommend,
)

from .storage_classes_helpers import (
    PRICES,
    PRICES_FILE,
    make,
)

# ------------------------------------------------------------------------ prices file


def test_unknown_region():
    with pytest.raises(InputError) as info:
        load_prices("mars-north-1")
    assert info.value.errors[0].field == "region"
    assert "us-east-1" in info.value.errors[0].message
    with pytest.raises(InputError):
        load_prices("../../etc/passwd")


def test_prices_file_has_a_source_for_each_figure():
    raw = json.loads(PRICES_FILE.read_text(encoding="utf-8"))
    assert raw["region"] == "us-east-1" and raw["currency"] == "USD"
    assert len(raw["as_of"]) == 10 and raw["as_of"][4] == "-"
    assert set(raw["classes"]) == set(CLASS_IDS)
    skip = {"name", "sources", "verified"}
    for cid, entry in raw["classes"].items():
        for key, value in entry.items():
            if key in skip:
                continue
            source = entry["sources"].get(key)
            assert source, f"{cid}.{key} has no source"
            if value is None:
                assert source == "NOT FOUND", f"{cid}.{key} is null but claims a source"
            else:
                assert source.startswith(("https://", "http://")) or source == "NOT FOUND", (
                    cid,
                    key,
                    source,
                )
                if source == "NOT FOUND":
                    assert cid in {"EXPRESS_ONEZONE", "REDUCED_REDUNDANCY"}, (cid, key)


def test_prices_load_every_class():
    assert PRICES.region == "us-east-1" and PRICES.as_of
    for cid in CLASS_IDS:
        cp = PRICES.get(cid)
        assert cp.priced == (cid != "REDUCED_REDUNDANCY")


# ---------------------------------------------------------------------- output shape


def check_keys(value: dict, schema: dict) -> None:
    props = schema["properties"]
    assert set(value) == set(props), set(value) ^ set(props)
    assert set(schema.get("required", ())) <= set(value)


def test_output_matches_schema_keys():
    data = recommend(make(months=12.0, slowest_acceptable_retrieval="days"), PRICES).to_dict()
    check_keys(data, OUTPUT_SCHEMA)
    option_schema = OUTPUT_SCHEMA["properties"]["options"]["items"]
    breakdown_schema = option_schema["properties"]["breakdown"]
    for opt in data["options"]:
        check_keys(opt, option_schema)
        if opt["breakdown"] is not None:
            check_keys(opt["breakdown"], breakdown_schema)
    hint_schema = OUTPUT_SCHEMA["properties"]["lifecycle_hint"]
    check_keys(data["lifecycle_hint"], hint_schema)
    json.dumps(data, allow_nan=False)  # JSON-serialisable, no NaN or infinity
    assert data["disclaimer"] and data["assumptions"]
    assert data["region"] == "us-east-1" and data["prices_as_of"] == PRICES.as_of


def test_input_schema_lists_every_field():
    assert set(INPUT_SCHEMA["properties"]) == set(Inputs.__dataclass_fields__)


def test_package_does_not_import_django():
    package = Path(sc.__file__).parent
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in package.glob("*.py")]
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
            assert not any(n.startswith("django") for n in names)
