"""The bucket-name validator's input parsing, schemas and stdlib-only package
(pure logic, no Django)."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

import pytest

from studysite.widgets.logic import bucket_names as bn
from studysite.widgets.logic.bucket_names import (
    INPUT_SCHEMA,
    KEY_INPUT_SCHEMA,
    KEY_OUTPUT_SCHEMA,
    OUTPUT_SCHEMA,
    BucketNameInput,
    parse_input,
)
from studysite.widgets.logic.common import InputError

from .bucket_names_helpers import (
    DIR,
    GP,
    judge,
    key_report,
)


class TestParseInput:
    def test_reads_name_and_defaults_the_kind(self):
        assert parse_input({"name": "abc"}) == BucketNameInput("abc", GP)

    def test_accepts_form_strings_for_the_kind(self):
        assert parse_input({"name": "abc", "kind": " Directory "}).kind == DIR
        assert parse_input({"name": "abc", "kind": ""}).kind == GP
        assert parse_input({"name": "abc", "kind": None}).kind == GP

    def test_empty_or_whitespace_names_are_valid_requests(self):
        assert parse_input({"name": ""}).name == ""
        assert parse_input({"name": "  \t"}).name == "  \t"
        assert judge("  \t")["valid"] is False

    def test_keeps_the_name_exactly_as_typed(self):
        assert parse_input({"name": " My Bucket "}).name == " My Bucket "

    @pytest.mark.parametrize(
        ("data", "field", "text"),
        [
            ({}, "name", "required"),
            ({"name": None}, "name", "required"),
            ({"name": 123}, "name", "text"),
            ({"name": ["a"]}, "name", "text"),
            ({"name": "x" * 10_001}, "name", "10,000"),
            ({"name": "abc", "kind": "table"}, "kind", "general-purpose"),
            ({"name": "abc", "kind": 7}, "kind", "text"),
        ],
    )
    def test_rejects_unusable_input_with_a_field_error(self, data, field, text):
        with pytest.raises(InputError) as caught:
            parse_input(data)
        assert [e.field for e in caught.value.errors] == [field]
        assert text in caught.value.errors[0].message

    def test_reports_every_bad_field_at_once(self):
        with pytest.raises(InputError) as caught:
            parse_input({"name": 5, "kind": "nope"})
        assert {e.field for e in caught.value.errors} == {"name", "kind"}

    def test_accepts_the_longest_allowed_name(self):
        assert len(parse_input({"name": "x" * 10_000}).name) == 10_000


class TestSchemas:
    def test_input_schema_describes_the_fields(self):
        assert INPUT_SCHEMA["required"] == ["name"]
        props = INPUT_SCHEMA["properties"]
        assert props["kind"]["enum"] == [GP, DIR]
        assert props["kind"]["default"] == GP
        assert props["name"]["maxLength"] == 10_000

    def test_output_schema_lists_every_key_of_to_dict(self):
        for out in (judge("My_Bucket"), judge("d--usw2-az1--x-s3", DIR)):
            assert set(out) == set(OUTPUT_SCHEMA["properties"])
            assert set(OUTPUT_SCHEMA["required"]) <= set(out)

    def test_key_schemas_list_every_key_of_to_dict(self):
        out = key_report("a/b")
        assert set(out) == set(KEY_OUTPUT_SCHEMA["properties"])
        assert set(KEY_OUTPUT_SCHEMA["required"]) <= set(out)
        assert KEY_INPUT_SCHEMA["required"] == ["key"]

    def test_schemas_are_plain_json(self):
        for schema in (INPUT_SCHEMA, OUTPUT_SCHEMA, KEY_INPUT_SCHEMA, KEY_OUTPUT_SCHEMA):
            assert json.loads(json.dumps(schema)) == schema


class TestPurity:
    @pytest.mark.parametrize(
        "path", sorted(Path(bn.__file__).parent.glob("*.py")), ids=lambda path: path.name
    )
    def test_every_module_of_the_package_imports_only_the_standard_library(self, path):
        # The static export runs this package in the browser (Pyodide): stdlib only, and
        # relative imports inside widgets/logic.
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
        assert imported <= set(sys.stdlib_module_names)

    def test_the_package_has_its_modules(self):
        names = {path.stem for path in Path(bn.__file__).parent.glob("*.py")}
        assert {"__init__", "rules", "verdict", "object_keys"} <= names
