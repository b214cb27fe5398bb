"""Errors as RFC 9457 problem details (``application/problem+json``) and the body cap.

Every error the API answers has ``type``, ``title``, ``status`` and ``detail``; input
errors list each field's message under ``errors`` (``[{"field": ..., "detail": ...}]``).
Domain errors from the services map to statuses as on the pages: ``NotPermitted`` 403,
``TransitionNotAllowed`` 409, ``FieldErrors`` and any other ``DomainError`` 422. Details
never hold more than the caller sent.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from http import HTTPStatus
from typing import IO, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import exception_handler

from dueregard.core.errors import DomainError, FieldErrors, NotPermitted, TransitionNotAllowed

PROBLEM_TYPE = "application/problem+json"
#: The largest request body the API reads (1 MB).
MAX_BODY_BYTES = 1_000_000


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is over 1 MB: send fewer rows at a time."
    default_code = "too_large"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "The request was understood but some of it is not valid."
    default_code = "unprocessable"

    def __init__(self, detail: str, errors: list[dict[str, str]] | None = None) -> None:
        super().__init__(detail)
        self.errors = errors or []


class CappedJSONParser(JSONParser):
    """JSON, refused with 413 past ``MAX_BODY_BYTES`` whatever the Content-Length says."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        data = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(data) > MAX_BODY_BYTES:
            raise BodyTooLarge()
        parsed = super().parse(io.BytesIO(data), media_type, parser_context)
        if not _storable(parsed):
            raise exceptions.ParseError(
                "Text in the body holds a NUL character or an unpaired surrogate."
            )
        return parsed


def _storable(value: Any) -> bool:
    """Whether every string in ``value`` is text a database can store (JSON allows
    ``\\u0000`` and lone surrogates; PostgreSQL and UTF-8 do not)."""
    if isinstance(value, str):
        return "\x00" not in value and not any("\ud800" <= c <= "\udfff" for c in value)
    if isinstance(value, dict):
        return all(_storable(k) and _storable(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    return True


def problem(
    status_code: int, detail: str, errors: list[dict[str, str]] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return body


def field_errors(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """A serializer's nested errors as a flat list of ``{"field", "detail"}``."""
    found: list[dict[str, str]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            if isinstance(key, int):  # a list's item, as ListField reports it
                found += field_errors(value, f"{prefix}[{key}]")
                continue
            name = "" if key == "non_field_errors" else str(key)
            found += field_errors(value, f"{prefix}.{name}" if prefix and name else prefix or name)
    elif isinstance(detail, list):
        if all(not isinstance(v, Mapping | list) for v in detail):
            found += [{"field": prefix, "detail": str(v)} for v in detail]
        else:
            for index, value in enumerate(detail):
                if value:
                    found += field_errors(value, f"{prefix}[{index}]")
    else:
        found.append({"field": prefix, "detail": str(detail)})
    return found


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering every error as a problem document."""
    errors: list[dict[str, str]] = []
    if isinstance(exc, FieldErrors):
        errors = [{"field": f, "detail": m} for f, m in exc.problems]
        exc = Unprocessable(str(exc), errors)
    elif isinstance(exc, NotPermitted):
        exc = exceptions.PermissionDenied(str(exc))
    elif isinstance(exc, TransitionNotAllowed):
        exc = exceptions.APIException(str(exc))
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, DomainError):
        exc = Unprocessable(str(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    view = context.get("view")
    if isinstance(exc, exceptions.PermissionDenied) and view is not None:
        note = getattr(view, "note_refusal", None)
        if note is not None:
            note(context["request"], exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Unprocessable):
        errors = exc.errors
        detail = str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        errors = field_errors(exc.detail)
        detail = "Some of the request is not valid: see errors."
    else:
        detail = str(getattr(exc, "detail", "")) or HTTPStatus(response.status_code).phrase
    response.data = problem(response.status_code, detail, errors)
    response.content_type = PROBLEM_TYPE
    return response
