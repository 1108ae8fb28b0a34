"""The bucket-name and object-key rules' constants: kinds, limits, reserved prefixes
and suffixes, the shapes of zone IDs, IP addresses and account regional names, and
AWS's groups of object-key characters.
"""

from __future__ import annotations

import re

KIND_GENERAL = "general-purpose"
KIND_DIRECTORY = "directory"
KINDS = (KIND_GENERAL, KIND_DIRECTORY)

MIN_LENGTH = 3
MAX_LENGTH = 63
LEGACY_MAX_LENGTH = 255
MAX_INPUT_CHARS = 10_000
MAX_KEY_BYTES = 1024

RESERVED_PREFIXES: tuple[tuple[str, str], ...] = (
    ("xn--", "it marks internationalised (Punycode) domain names"),
    ("sthree-", "Amazon S3 keeps it for its own use"),
    ("amzn-s3-demo-", "AWS keeps it for example names in its documentation"),
)
GENERAL_RESERVED_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("-s3alias", "access point aliases use it"),
    ("--ol-s3", "Object Lambda Access Point aliases use it"),
    (".mrap", "Multi-Region Access Point names use it"),
    ("--x-s3", "directory buckets (S3 Express One Zone) use it"),
    ("--table-s3", "S3 Tables table buckets use it"),
)
# The directory-bucket page lists these three suffixes; a valid directory bucket name
# ends with --x-s3, so they can only fail together with the directory-suffix rule.
DIRECTORY_RESERVED_SUFFIXES: tuple[tuple[str, str], ...] = GENERAL_RESERVED_SUFFIXES[:3]

DIRECTORY_SUFFIX = "--x-s3"
EXAMPLE_ZONE_ID = "usw2-az1"

IPV4_SHAPE_RE = re.compile(r"^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$")
GENERAL_CHAR_RE = re.compile(r"[a-z0-9.-]")
DIRECTORY_CHAR_RE = re.compile(r"[a-z0-9-]")
LEGACY_CHARS_RE = re.compile(r"^[A-Za-z0-9._-]+$")
# Availability Zone ID: short Region code + "-az" + number (usw2-az1, apne1-az4).
AZ_ID_RE = re.compile(r"^[a-z]{2,6}[0-9]{1,2}-az[0-9]{1,2}$")
# Local Zone ID: short Region code, location code, "-az" + number (use1-atl2-az1).
LOCAL_ZONE_ID_RE = re.compile(r"^[a-z]{2,6}[0-9]{1,2}-[a-z]{2,8}[0-9]{0,2}[a-z]?-az[0-9]{1,2}$")
ZONE_SUFFIX_RE = re.compile(
    r"--((?:[a-z]{2,6}[0-9]{1,2}-[a-z]{2,8}[0-9]{0,2}[a-z]?|[a-z]{2,6}[0-9]{1,2})-az[0-9]{1,2})"
    + re.escape(DIRECTORY_SUFFIX)
    + r"\Z"
)
# prefix-<12-digit account ID>-<Region code>-an, e.g. logs-111122223333-us-west-2-an
ACCOUNT_REGIONAL_SUFFIX = "-an"
ACCOUNT_REGIONAL_SUFFIX_RE = re.compile(r"-[0-9]{12}-[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}-an\Z")

MAX_HIGHLIGHTS = 200
MAX_CHARS_LISTED = 8
MAX_KEY_CHARACTERS = 256

# Object key character groups (object-keys.html, "Object key naming guidelines").
KEY_SAFE_SPECIALS = frozenset("/!-_.*'()")
KEY_SPECIAL_HANDLING = frozenset("&$@=;:+ ,?")
KEY_AVOID = frozenset('\\{^}%`]">[~<#|')
