"""The S3 bucket-name validator and object-key checker (pure Python, no Django).

Two small tools for learners:

* ``validate_bucket_name`` checks a proposed bucket name against every naming rule for
  general purpose buckets or for directory buckets (S3 Express One Zone), explains each
  broken rule in plain English, lists consequences that are not errors (periods and
  HTTPS, Transfer Acceleration, legacy names, uniqueness) and suggests a corrected name.
* ``check_object_key`` measures an object key in UTF-8 bytes against the 1,024-byte
  limit, sorts each character into AWS's "safe", "might need special handling" and
  "avoid" groups, and shows the key URL-encoded as it appears in a URL path.

Sources (AWS documentation, read for this module; the wording below is our own):

- General purpose bucket naming rules (length, characters, first/last character,
  adjacent periods, IP-address shape, reserved prefixes ``xn--``, ``sthree-``,
  ``amzn-s3-demo-`` and suffixes ``-s3alias``, ``--ol-s3``, ``.mrap``, ``--x-s3``,
  ``--table-s3``; no periods with Transfer Acceleration; uniqueness per partition):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  (older versions of that page also name the prefix ``sthree-configurator``; it starts
  with ``sthree-`` so the shorter rule already covers it).
- Account regional namespaces (names shaped ``prefix-<12-digit account ID>-<Region>-an``
  are only for buckets created in the owner's account regional namespace; launched
  March 2026): https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
- Directory bucket naming rules (``base-name--zone-id--x-s3``, 3-63 characters including
  the suffix, lowercase letters, digits and hyphens only, same reserved prefixes):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html
- Zone ID shapes: Availability Zone IDs such as ``usw2-az1`` / ``use1-az4``
  (https://docs.aws.amazon.com/AmazonS3/latest/userguide/endpoint-directory-buckets-AZ.html)
  and Local Zone IDs such as ``use1-atl2-az1``
  (https://docs.aws.amazon.com/local-zones/latest/ug/available-local-zones.html and
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-lzs-for-directory-buckets.html).
- Periods break virtual-hosted-style HTTPS certificate matching:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
- Transfer Acceleration needs a name without periods:
  https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAccelerateConfiguration.html
- Legacy us-east-1 names (before 1 March 2018: up to 255 characters, uppercase letters
  and underscores allowed) – from the earlier edition of the naming-rules page, kept in
  the archived GitHub repository awsdocs/amazon-s3-userguide, doc_source/bucketnamingrules.md
- Object key naming guidelines (UTF-8, 1,024 bytes, safe / special-handling / avoid
  character lists, keys ending in "." in the console, the key "soap", XML entities):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html

"IP-address shape" follows the AWS SDKs' own test (botocore's ``IPV4_RE``): four groups
of one to three digits separated by periods, so ``999.1.1.1`` counts but ``192.168.5``
and ``1.2.3.4.5`` do not.

Modules, by responsibility: ``constants`` (kinds, limits, reserved prefixes and suffixes,
the shapes of zone IDs and account regional names), ``schemas`` (the JSON schemas),
``model`` (``BucketNameInput`` and ``parse_input``, the result classes), ``chars``
(learner-readable names for characters), ``rules`` (each naming rule's check, message and
highlights; ``is_valid_bucket_name``), ``verdict`` (``validate_bucket_name``: the notes
and ``suggest_bucket_name``) and ``object_keys`` (``check_object_key``). Only the standard
library is imported, so the package also runs under Pyodide in the static export.
"""

from __future__ import annotations

from .constants import (
    ACCOUNT_REGIONAL_SUFFIX,
    ACCOUNT_REGIONAL_SUFFIX_RE,
    AZ_ID_RE,
    DIRECTORY_CHAR_RE,
    DIRECTORY_RESERVED_SUFFIXES,
    DIRECTORY_SUFFIX,
    EXAMPLE_ZONE_ID,
    GENERAL_CHAR_RE,
    GENERAL_RESERVED_SUFFIXES,
    IPV4_SHAPE_RE,
    KEY_AVOID,
    KEY_SAFE_SPECIALS,
    KEY_SPECIAL_HANDLING,
    KIND_DIRECTORY,
    KIND_GENERAL,
    KINDS,
    LEGACY_CHARS_RE,
    LEGACY_MAX_LENGTH,
    LOCAL_ZONE_ID_RE,
    MAX_CHARS_LISTED,
    MAX_HIGHLIGHTS,
    MAX_INPUT_CHARS,
    MAX_KEY_BYTES,
    MAX_KEY_CHARACTERS,
    MAX_LENGTH,
    MIN_LENGTH,
    RESERVED_PREFIXES,
    ZONE_SUFFIX_RE,
)
from .model import (
    BucketNameInput,
    BucketNameResult,
    Check,
    DirectoryParts,
    Highlight,
    Violation,
    parse_input,
)
from .object_keys import (
    KeyCharacter,
    KeyHighlight,
    ObjectKeyInput,
    ObjectKeyResult,
    check_object_key,
    classify_key_char,
    parse_key_input,
)
from .rules import is_valid_bucket_name
from .schemas import INPUT_SCHEMA, KEY_INPUT_SCHEMA, KEY_OUTPUT_SCHEMA, OUTPUT_SCHEMA
from .verdict import suggest_bucket_name, validate_bucket_name

__all__ = [
    "ACCOUNT_REGIONAL_SUFFIX",
    "ACCOUNT_REGIONAL_SUFFIX_RE",
    "AZ_ID_RE",
    "DIRECTORY_CHAR_RE",
    "DIRECTORY_RESERVED_SUFFIXES",
    "DIRECTORY_SUFFIX",
    "EXAMPLE_ZONE_ID",
    "GENERAL_CHAR_RE",
    "GENERAL_RESERVED_SUFFIXES",
    "INPUT_SCHEMA",
    "IPV4_SHAPE_RE",
    "KEY_AVOID",
    "KEY_INPUT_SCHEMA",
    "KEY_OUTPUT_SCHEMA",
    "KEY_SAFE_SPECIALS",
    "KEY_SPECIAL_HANDLING",
    "KINDS",
    "KIND_DIRECTORY",
    "KIND_GENERAL",
    "LEGACY_CHARS_RE",
    "LEGACY_MAX_LENGTH",
    "LOCAL_ZONE_ID_RE",
    "MAX_CHARS_LISTED",
    "MAX_HIGHLIGHTS",
    "MAX_INPUT_CHARS",
    "MAX_KEY_BYTES",
    "MAX_KEY_CHARACTERS",
    "MAX_LENGTH",
    "MIN_LENGTH",
    "OUTPUT_SCHEMA",
    "RESERVED_PREFIXES",
    "ZONE_SUFFIX_RE",
    "BucketNameInput",
    "BucketNameResult",
    "Check",
    "DirectoryParts",
    "Highlight",
    "KeyCharacter",
    "KeyHighlight",
    "ObjectKeyInput",
    "ObjectKeyResult",
    "Violation",
    "check_object_key",
    "classify_key_char",
    "is_valid_bucket_name",
    "parse_input",
    "parse_key_input",
    "suggest_bucket_name",
    "validate_bucket_name",
]
