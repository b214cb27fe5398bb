"""What drf-spectacular needs to describe the API (``docs/openapi.yaml``): the bearer
scheme, and the problem-details answers every operation may give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from dueregard.api.problems import PROBLEM_TYPE

#: Statuses every operation may answer with a problem document, and why.
PROBLEMS = {
    "400": "The body or a parameter is not valid (see errors).",
    "401": "No API key, or an unknown, expired or revoked one.",
    "403": "The key lacks the scope, or its member's role may not do this.",
    "404": "No such record in the organisation.",
    "413": "The request body is over 1 MB.",
    "415": "The body is not JSON.",
    "422": "The request is understood but refused (see errors); nothing was changed.",
    "429": "Too many requests for this key: wait for Retry-After seconds.",
}

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "detail"],
                "properties": {"field": {"type": "string"}, "detail": {"type": "string"}},
            },
        },
    },
}


class KeyAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "dueregard.api.framework.KeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "An API key: dr_…"}


def add_problems(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the Problem component and its answers on every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            responses = operation.setdefault("responses", {})
            for code, why in PROBLEMS.items():
                if method == "get" and code in ("413", "415"):
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": why,
                        "content": {
                            PROBLEM_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}
                        },
                    },
                )
            if method == "get":
                responses.setdefault("304", {"description": "Not modified (If-None-Match)."})
            # Answered by the HTTP server before the app, without a problem document.
            responses.setdefault(
                "414", {"description": "The address is longer than the server accepts (4 KB)."}
            )
    return result


class SessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "dueregard.api.framework.MemberSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        from django.conf import settings

        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
