"""Issuing keys and calling the API in tests."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from dueregard.api.keys import issue_key
from dueregard.organisations.models import Membership
from dueregard.testing.factories import in_scope


def token_for(
    issuer: Membership, *scopes: str, for_member: Membership | None = None, **extra: Any
) -> str:
    with in_scope(issuer):
        return issue_key(
            issuer, name="Test key", scopes=list(scopes), for_member=for_member, **extra
        ).token


def call(
    client: Client,
    method: str,
    url: str,
    token: str | None = None,
    body: Any = None,
    **headers: Any,
) -> Any:
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    if body is not None:
        return client.generic(
            method, url, data=json.dumps(body), content_type="application/json", **headers
        )
    return client.generic(method, url, **headers)
