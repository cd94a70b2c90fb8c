"""How the API's sign-in methods read in the OpenAPI schema (drf-spectacular extensions)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (enl_...), created on the account's API tokens page.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


_ERROR = {"$ref": "#/components/schemas/Error"}
_ERROR_RESPONSES = {
    "400": (
        "Invalid values: a list of messages per field (or under “detail”).",
        {"$ref": "#/components/schemas/FieldErrors"},
    ),
    "401": ("No valid token or session; “detail” says why.", _ERROR),
    "403": ("Signed in, but not allowed (or a read-only token writing).", _ERROR),
    "404": ("Not found, or not visible to the caller.", _ERROR),
    "406": ("The Accept header asks for a format the API does not give (it answers JSON).", _ERROR),
    "429": ("Too many requests for this token; retry after the Retry-After header's seconds.", _ERROR),
}
_WRITE_RESPONSES = {
    "415": ("The body is not in a format the API reads (JSON, a form or multipart).", _ERROR),
}
_PRECONDITION_RESPONSES = {
    "412": ("The contact changed since it was read (If-Match does not match its ETag).", _ERROR),
    "428": ("The If-Match header is missing.", _ERROR),
}


def document_error_responses(result: dict, generator, request, public) -> dict:
    """Every operation can answer with the error statuses the permission layer and REST framework give."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]}
    schemas["FieldErrors"] = {"type": "object", "additionalProperties": {}}
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            extra = dict(_ERROR_RESPONSES)
            if method in ("post", "put", "patch"):
                extra.update(_WRITE_RESPONSES)
            if method in ("put", "patch"):
                extra.update(_PRECONDITION_RESPONSES)
            for status, (description, schema) in extra.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": schema}}}
                )
    return result
