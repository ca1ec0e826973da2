"""What every operation of the OpenAPI schema shares, added in one place (drf-spectacular hooks).

document_error_responses: the error answers. The views document those particular to them (a 409's codes,
a 400's extra fields); the ones every operation shares come from here, read off the operation itself: the
throttle (429), the database (503), the sign-in (403), a path id or a page number (404), a body (400, 413,
415), content negotiation (406), the web server's limit on an address (414, the one answer in HTML).
Every other error body is the shared `Error` component: `{"code", "detail"}`, with more fields for some
codes.

document_request_rules: what every request obeys and drf-spectacular cannot see — no text holds a NUL,
a body with required fields must be sent. ClosedBody marks the bodies that refuse unknown fields.

No operation answers 401: session authentication comes first, and it sends no WWW-Authenticate
challenge, so DRF answers a missing or invalid token with 403 (`not_authenticated`,
`authentication_failed`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext
from drf_spectacular.extensions import OpenApiSerializerExtension

ERROR_REF = {"$ref": "#/components/schemas/Error"}
METHODS = ("get", "put", "post", "patch", "delete")
# No text the API reads may hold a NUL character (PostgreSQL text cannot): every string in a request body
# or query says so, unless its own pattern already does.
NO_NUL = "^[^\\u0000]*$"


class ClosedBody(OpenApiSerializerExtension):
    """Bodies that refuse fields they do not know (api/serializers.py `_OnlyTheseFields`) say so."""

    target_class = "factcheck.api.serializers._OnlyTheseFields"
    match_subclasses = True

    def map_serializer(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        return schema


def _error(description: str, *, retry_after: bool = False) -> dict[str, Any]:
    response: dict[str, Any] = {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
    if retry_after:
        response["headers"] = {"Retry-After": {"$ref": "#/components/headers/RetryAfter"}}
    return response


def _shared_errors(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The error answers this operation can give, whatever its view does."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    signed_in = any(requirement for requirement in operation.get("security", []))
    paged = any(p["in"] == "query" and p["name"] == "page" for p in parameters)
    errors = {}
    if has_body or any(p["in"] == "query" for p in parameters):
        errors["400"] = _error(gettext("The request is not valid: `code` says why (invalid: `errors` per field)."))
    if signed_in:
        errors["403"] = _error(
            gettext(
                "Not signed in, an invalid or expired token (not_authenticated, authentication_failed), a read-only "
                "token asked to change something (token_read_only), or a step this account may not take "
                "(permission_denied)."
            )
        )
    if any(p["in"] == "path" for p in parameters) or paged:
        errors["404"] = _error(
            gettext("No such id, or none this account may see (not_found); for a list, a page past the last one.")
        )
    errors["406"] = _error(gettext("The Accept header asks for something other than JSON (not_acceptable)."))
    # The one error that is not the API's: gunicorn refuses a request line (method, path and query) over
    # 4,094 bytes before the desk reads it, with its own HTML page.
    errors["414"] = {
        "description": gettext(
            "The address with its query is longer than 4,094 bytes (an HTML page of the web server)."
        ),
        "content": {"text/html": {"schema": {"type": "string"}}},
    }
    if has_body:
        errors["413"] = _error(gettext("The body is larger than any request of this API needs (request_too_large)."))
        errors["415"] = _error(gettext("The body is in a media type this operation does not read."))
    errors["429"] = _error(
        gettext("Too many requests (throttled, login_locked): try again after Retry-After seconds."), retry_after=True
    )
    errors["503"] = _error(
        gettext(
            "The desk's database cannot be reached (database_unavailable). Nothing was changed; try again after "
            "Retry-After seconds."
        ),
        retry_after=True,
    )
    return errors


def _forbid_nul(schema: dict[str, Any]) -> None:
    if schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema and "format" not in schema:
        schema["pattern"] = NO_NUL
    for branch in schema.get("oneOf", []):
        _forbid_nul(branch)
    if schema.get("type") == "array":
        _forbid_nul(schema.get("items", {}))


def _has_required_fields(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """Whether a body of this schema must have some field (then sending none is a 400, not an option)."""
    if "$ref" in schema:
        schema = schemas.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if "oneOf" in schema:
        return all(_has_required_fields(branch, schemas) for branch in schema["oneOf"])
    return bool(schema.get("required"))


def _operations(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for path_item in result.get("paths", {}).values():
        for method in METHODS:
            if method in path_item:
                yield path_item[method]


def document_request_rules(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS: no string of a request holds a NUL; a body with required fields is required."""
    schemas = result.get("components", {}).get("schemas", {})
    for name, component in schemas.items():
        if name.endswith("Request"):  # COMPONENT_SPLIT_REQUEST: the bodies clients send
            for prop in component.get("properties", {}).values():
                _forbid_nul(prop)
    for operation in _operations(result):
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                _forbid_nul(parameter["schema"])
        body = operation.get("requestBody")
        if body is not None and any(
            _has_required_fields(media["schema"], schemas) for media in body["content"].values()
        ):
            body["required"] = True  # drf-spectacular cannot tell for a oneOf of serializers
    return result


def document_error_responses(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    """POSTPROCESSING_HOOKS: every operation lists the error answers it can give, each with the `Error` body."""
    components = result.setdefault("components", {})
    components.setdefault("headers", {})["RetryAfter"] = {
        "description": gettext("Seconds to wait before trying again."),
        "required": True,
        "schema": {"type": "integer", "minimum": 0},
    }
    for operation in _operations(result):
        responses = operation.setdefault("responses", {})
        for status, response in _shared_errors(operation).items():
            # A view's own description of a status (its codes, its extra fields) wins; the header stays.
            own = responses.setdefault(status, response)
            if "headers" in response:
                own.setdefault("headers", response["headers"])
        operation["responses"] = dict(sorted(responses.items()))
    return result
