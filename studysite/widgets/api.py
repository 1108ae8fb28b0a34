"""The widgets' JSON API (contract in DESIGN.md) and its OpenAPI document."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_safe

from studysite.shared_pages import shared_bytes_response

from .embed import run_widget
from .registry import WIDGETS

MAX_BODY_BYTES = 64 * 1024


def _errors(status: int, message: str, field: str | None = None) -> JsonResponse:
    response = JsonResponse({"errors": [{"field": field, "message": message}]}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed in JSON")


# The API takes JSON from any client and changes nothing on the server, so there is no
# session to protect: CSRF does not apply (the HTML forms keep their CSRF checks).
@csrf_exempt
@sensitive_variables("body", "data", "result")
def widget_api(request: HttpRequest, name: str) -> JsonResponse:
    spec = WIDGETS.get(name)
    if spec is None:
        return _errors(404, f"There is no widget named {name[:80]!r}.")
    if request.method != "POST":
        response = _errors(405, "Send the input as a JSON object with POST.")
        response["Allow"] = "POST"
        return response
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _errors(400, "The Content-Length header is not a number.")
    if declared > MAX_BODY_BYTES:
        return _errors(413, f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _errors(413, f"The body is larger than {MAX_BODY_BYTES // 1024} KiB.")
    try:
        data = json.loads(body, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        reason = str(exc).splitlines()[0][:200] if str(exc) else "unreadable"
        return _errors(400, f"The body is not valid JSON ({reason}).")
    if not isinstance(data, dict):
        return _errors(400, 'The body must be a JSON object, e.g. {"name": "..."}.')
    result, errors = run_widget(spec, data)
    response = JsonResponse({"errors": errors}, status=400) if errors else JsonResponse(result)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def openapi(request: HttpRequest) -> HttpResponse:
    # The same document for everyone: built and compressed once per process (shared_pages).
    return shared_bytes_response(
        request, key=("openapi",), build=_openapi_document, content_type="application/json"
    )


def _openapi_document() -> bytes:
    error = {
        "type": "object",
        "required": ["errors"],
        "properties": {
            "errors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "field": {"type": ["string", "null"]},
                        "message": {"type": "string"},
                    },
                },
            }
        },
    }
    error_response = {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}}
    }
    paths = {}
    for spec in WIDGETS.values():
        paths[f"/api/widgets/{spec.name}"] = {
            "post": {
                "operationId": spec.name.replace("-", "_"),
                "summary": spec.title,
                "description": spec.summary,
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": spec.input_schema}},
                },
                "responses": {
                    "200": {
                        "description": "The result.",
                        "content": {"application/json": {"schema": spec.output_schema}},
                    },
                    "400": {"description": "Bad input; one entry per problem.", **error_response},
                    "413": {"description": "The body is over 64 KiB.", **error_response},
                },
            }
        }
    document = {
        "openapi": "3.1.0",
        "info": {
            "title": "SAA-C03 study site widgets",
            "version": "1",
            "description": "Every interactive widget of the notes as a JSON endpoint.",
        },
        "paths": paths,
        "components": {"schemas": {"Errors": error}},
    }
    return json.dumps(document, indent=2, cls=DjangoJSONEncoder).encode()
