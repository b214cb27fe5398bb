"""How every ``/api/v1/`` request is let in, scoped, audited and answered.

* ``KeyAuthentication``: ``Authorization: Bearer <token>``. An unknown, expired or revoked
  key, or one whose member is no longer active, is 401 and audited (``api_key.refused``;
  the key's public id, never the token).
* ``MemberSessionAuthentication``: a signed-in browser session (CSRF enforced), for the
  read endpoints only, with the second factor the pages ask of privileged roles.
* ``ApiView``: the base of every endpoint. After authentication it opens the organisation
  scope of the member the request acts as (``self.membership``), so every query is scoped
  as on the pages; the key must hold the endpoint's ``required_scope`` (403, audited);
  each request with a key is audited (``api_key.used``: key, method, endpoint, status);
  GET answers carry an ``ETag`` and ``If-None-Match`` gets 304; requests are throttled per
  key (429 with ``Retry-After``); bodies past 1 MB are 413.
"""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from dueregard.accounts import security
from dueregard.api import keys
from dueregard.api.audit_codes import API_KEY_REFUSED, API_KEY_USED
from dueregard.api.models import ApiKey, Scope
from dueregard.api.problems import MAX_BODY_BYTES, BodyTooLarge, CappedJSONParser
from dueregard.audit.codes import ACCESS_DENIED
from dueregard.audit.services import record
from dueregard.core.scope import organisation_scope
from dueregard.organisations.models import Membership


def _refused(request: HttpRequest | Request, key: ApiKey | None, reason: str) -> None:
    record(
        code=API_KEY_REFUSED,
        actor=None,
        organisation=key.organisation if key is not None else None,
        obj=key,
        context={"reason": reason, "method": request.method or ""},
    )


class KeyAuthentication(BaseAuthentication):
    """``Authorization: Bearer dr_…``; the request acts as the key's member."""

    keyword = "bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            _refused(request, None, "malformed")
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Bearer KEY.")
        key = keys.find_key(parts[1])
        if key is None:
            _refused(request, None, "unknown")
            raise exceptions.AuthenticationFailed("This API key is not known.")
        if key.is_revoked:
            _refused(request, key, "revoked")
            raise exceptions.AuthenticationFailed("This API key has been revoked.")
        if key.is_expired:
            _refused(request, key, "expired")
            raise exceptions.AuthenticationFailed("This API key has expired.")
        membership = keys.acting_membership(key)
        if membership is None:
            _refused(request, key, "member_inactive")
            raise exceptions.AuthenticationFailed(
                "The member this API key acts as is no longer active."
            )
        keys.mark_used(key)
        request.acting_membership = membership  # type: ignore[attr-defined]
        return membership.user, key

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class MemberSessionAuthentication(SessionAuthentication):
    """A signed-in member's session (CSRF checked), with their second factor if needed."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        found = super().authenticate(request)
        if found is None:
            return None
        membership: Membership | None = getattr(request._request, "membership", None)
        if membership is None:
            raise exceptions.PermissionDenied("You are not a member of any organisation.")
        if security.mfa_required(membership) and not security.session_used_second_factor(
            request._request, membership
        ):
            raise exceptions.PermissionDenied("Sign in with your second factor first.")
        request.acting_membership = membership  # type: ignore[attr-defined]
        return found


class HoldsScope(BasePermission):
    """A key needs the view's scope; a session may only read."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiKey):
            if view.required_scope not in request.auth.scopes:
                self.message = f"This API key does not have the scope {view.required_scope}."
                return False
            return True
        if request.method not in SAFE_METHODS or not view.session_reads:
            self.message = "Use an API key for this endpoint."
            return False
        return bool(request.user and request.user.is_authenticated)


class KeyRateThrottle(SimpleRateThrottle):
    """``API_RATE_LIMIT`` requests per key (per member for sessions); 429 past it."""

    scope = "api"

    def get_rate(self) -> str:
        rate: str = settings.API_RATE_LIMIT
        return rate

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return f"api-throttle:key:{request.auth.public_id}"
        if request.user and request.user.is_authenticated:
            return f"api-throttle:user:{request.user.pk}"
        return None


class ApiView(APIView):
    """The base of every endpoint (see the module docstring)."""

    authentication_classes = [KeyAuthentication, MemberSessionAuthentication]
    permission_classes = [HoldsScope]
    throttle_classes = [KeyRateThrottle]
    parser_classes = [CappedJSONParser]
    #: The scope a key needs for this endpoint.
    required_scope: Scope = Scope.PEOPLE_READ
    #: Whether a signed-in member's browser session may read it.
    session_reads = False
    membership: Membership

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with ExitStack() as stack:
            self._scope_stack = stack
            response = super().dispatch(request, *args, **kwargs)
        return not_modified_or(request, response)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise BodyTooLarge()
        self.membership = request.acting_membership  # type: ignore[attr-defined]
        self._scope_stack.enter_context(organisation_scope(self.membership.organisation_id))

    def note_refusal(self, request: Request, exc: exceptions.APIException) -> None:
        """Audit a 403 (called by ``problems.handle``)."""
        auth = getattr(request, "_auth", None)
        if isinstance(auth, ApiKey):
            _refused(request, auth, "forbidden")
            return
        membership: Membership | None = getattr(request, "acting_membership", None)
        if membership is None:
            membership = getattr(request._request, "membership", None)
        record(
            code=ACCESS_DENIED,
            actor=request.user if request.user.is_authenticated else None,
            organisation=membership.organisation if membership else None,
            summary="Denied: the API",
        )

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        auth = getattr(request, "_auth", None)
        if isinstance(auth, ApiKey) and response.status_code not in (401, 403):
            record(
                code=API_KEY_USED,
                actor=key_actor(request),
                organisation=auth.organisation,
                obj=auth,
                context={
                    "method": request.method or "",
                    "endpoint": request.resolver_match.url_name if request.resolver_match else "",
                    "status": response.status_code,
                },
            )
        return response


def not_modified_or(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A GET's answer with its ``ETag``; 304 when ``If-None-Match`` names it."""
    if request.method != "GET" or response.status_code != 200 or not isinstance(response, Response):
        return response
    response.render()
    tag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = tag
    asked = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if tag in asked or "*" in asked:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = tag
        return not_modified
    return response


def key_actor(request: Request) -> Any:
    membership: Membership | None = getattr(request, "acting_membership", None)
    return membership.user if membership is not None else None
