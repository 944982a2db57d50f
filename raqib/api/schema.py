"""The OpenAPI schema tells the whole truth about errors and sign-in.

drf-spectacular documents the answers a view declares, which for most views is 200 alone;
but every operation can be refused (403), every address with an id can name nothing (404),
and every input can be wrong (400). This hook adds, to each operation, the error answers it
can give under the rules every API view follows, with the shape of their JSON body, and names
the session cookie the deployment really uses.

401 is never answered: with session authentication DRF answers 403 to an anonymous call (there
is no WWW-Authenticate challenge to send), and the 403 description says so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")

ERROR_REF = {"$ref": "#/components/schemas/ApiError"}
VALIDATION_REF = {"$ref": "#/components/schemas/ApiValidationError"}

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: a message in the user's language, and a stable code when the "
    "client must tell cases apart (see raqib/missions/API.md).",
    "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_SCHEMA = {
    "type": "object",
    "description": "Bad input: {field: [messages]} for the fields at fault, or {detail} for "
    "the request as a whole (an id in the address that is not a UUID, a malformed body).",
    "additionalProperties": {},
}

DESCRIPTIONS = {
    "400": "Bad input; nothing was changed.",
    "403": "Not signed in (session authentication answers 403, never 401), a role without "
    "access, a second factor still to set up (code mfa_required), or a missing CSRF token on "
    "a write.",
    "404": "Nothing with this id, or nothing this user may see (the same answer for both).",
    "415": "The body is not in one of the accepted media types.",
}


def _has_int_path_params_only(operation: dict[str, Any]) -> bool:
    for param in operation.get("parameters", []):
        if param.get("in") == "path" and param.get("schema", {}).get("type") != "integer":
            return False
    return True


def error_codes(operation: dict[str, Any]) -> set[str]:
    """The error answers an operation can give under the API's common rules."""
    params = operation.get("parameters", [])
    codes = {"403"}
    if any(p.get("in") == "path" for p in params):
        codes.add("404")
    takes_input = "requestBody" in operation or any(
        p.get("in") in ("query", "header") for p in params
    )
    if takes_input or not _has_int_path_params_only(operation):
        codes.add("400")
    if "requestBody" in operation:
        codes.add("415")
    return codes


def _error_content(code: str) -> dict[str, Any]:
    ref = VALIDATION_REF if code == "400" else ERROR_REF
    return {"application/json": {"schema": ref}}


def document_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["ApiError"] = ERROR_SCHEMA
    schemas["ApiValidationError"] = VALIDATION_SCHEMA
    cookie = components.get("securitySchemes", {}).get("cookieAuth")
    if cookie is not None:
        cookie["name"] = settings.SESSION_COOKIE_NAME
        cookie["description"] = (
            "The session cookie set by signing in. Writes also send the CSRF token in the "
            "X-CSRFToken header (GET /api/v1/observer/session/ returns it)."
        )
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code in sorted(error_codes(operation)):
                answer = responses.setdefault(code, {"description": DESCRIPTIONS[code]})
                answer.setdefault("content", _error_content(code))
            # Errors a view declared itself (409, 412, 428…) get a body shape too.
            for code, answer in responses.items():
                if code.startswith("4"):
                    answer.setdefault("content", _error_content(code))
    return result
