"""Shared by the bucket-name validator's logic tests: the kinds, judge()/failed()/
key_report(), and the independent grammar written from the AWS pages."""

from __future__ import annotations

import re

from studysite.widgets.logic.bucket_names import (
    BucketNameInput,
    ObjectKeyInput,
    check_object_key,
    validate_bucket_name,
)

GP = "general-purpose"
DIR = "directory"


def judge(name: str, kind: str = GP) -> dict:
    return validate_bucket_name(BucketNameInput(name=name, kind=kind)).to_dict()


def failed(name: str, kind: str = GP) -> set[str]:
    return {v["rule"] for v in judge(name, kind)["violations"]}


def key_report(key: str) -> dict:
    return check_object_key(ObjectKeyInput(key=key)).to_dict()


# --------------------------------------------------------------------- independent grammar
# Written from the AWS pages, separately from the module's own code paths.

GENERAL_GRAMMAR = re.compile(
    r"""
    (?!xn--|sthree-|amzn-s3-demo-)                     # reserved prefixes
    (?!.*(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)\Z)  # reserved suffixes
    (?!.*-an\Z)                                         # account regional suffix -an
    (?!\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\Z)            # shaped like an IPv4 address
    (?!.*\.\.)                                          # no adjacent periods
    [a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]                   # 3-63 chars, alnum at both ends
    """,
    re.VERBOSE | re.ASCII,  # \d means 0-9 only
)

ZONE = r"(?:[a-z]{2,6}\d{1,2}-az\d{1,2}|[a-z]{2,6}\d{1,2}-[a-z]{2,8}\d{0,2}[a-z]?-az\d{1,2})"
DIRECTORY_GRAMMAR = re.compile(
    r"(?!xn--|sthree-|amzn-s3-demo-)(?=.{3,63}\Z)[a-z0-9][a-z0-9\-]*--" + ZONE + r"--x-s3",
    re.ASCII,
)


def grammar_ok(name: str, kind: str) -> bool:
    grammar = DIRECTORY_GRAMMAR if kind == DIR else GENERAL_GRAMMAR
    return grammar.fullmatch(name) is not None
