"""Pure widget logic: no Django imports here (a test parses the imports to enforce it).

Every widget module exposes the same shape so the thin views and the JSON API can
treat them alike:

* ``parse_input(data: Mapping[str, object]) -> <Widget>Input`` – accepts JSON-typed
  values *and* the strings an HTML form posts; raises :class:`common.InputError`
  carrying one :class:`common.FieldError` per bad field.
* a verb (``validate_bucket_name``, ``sign_request`` ...) taking that input and
  returning a frozen dataclass result with ``to_dict()`` (the JSON contract in DESIGN.md).
"""
