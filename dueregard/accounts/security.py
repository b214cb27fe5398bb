"""Second-factor policy: who must use one, whether this session did, and step-up.

* Members whose role is DSL, deputy DSL or administrator must have an authenticator (an
  authenticator app or a passkey) and must have used a second factor in this session;
  everybody else is offered one on the account security page.
* A session "used a second factor" when allauth recorded an ``mfa`` authentication step in
  it, or when the single sign-on provider asserted MFA (``amr`` contains ``mfa``).
* Step-up: a sensitive action needs a factor entered within the last
  ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds: a second factor when the user has one,
  otherwise the password.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.http import HttpRequest

from dueregard.organisations.models import Role

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership

#: Roles that cannot reach any organisation page without a second factor.
MFA_REQUIRED_ROLES = frozenset({Role.DSL, Role.DEPUTY_DSL, Role.ADMINISTRATOR})

#: Set in the session when the single sign-on provider asserted MFA for this sign-in.
PROVIDER_MFA_SESSION_KEY = "dueregard_provider_mfa"


def mfa_required(membership: Membership) -> bool:
    return membership.role in MFA_REQUIRED_ROLES


def has_second_factor(user: Any) -> bool:
    """True when the user has an authenticator app or a passkey (recovery codes alone are
    not a factor: allauth deletes them with the last authenticator)."""
    return bool(is_mfa_enabled(user))


def _records(request: HttpRequest) -> list[dict[str, Any]]:
    return list(get_authentication_records(request, request.user))


def session_used_second_factor(request: HttpRequest) -> bool:
    if any(r.get("method") == "mfa" for r in _records(request)):
        return True
    return bool(request.session.get(PROVIDER_MFA_SESSION_KEY))


def provider_asserted_mfa(id_token_claims: dict[str, Any]) -> bool:
    """OpenID Connect ``amr`` (RFC 8176): ``mfa`` means the provider used several factors."""
    amr = id_token_claims.get("amr") or []
    return isinstance(amr, list) and "mfa" in amr


def stepped_up(request: HttpRequest) -> bool:
    """Whether a factor was entered in this session within the step-up window."""
    wanted = {"mfa"} if has_second_factor(request.user) else {"password", "mfa"}
    cutoff = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    return any(
        r.get("method") in wanted and float(r.get("at", 0)) >= cutoff for r in _records(request)
    )


def can_step_up(user: Any) -> bool:
    """Whether this account has a factor to re-enter (not so for provider-only sign-in)."""
    return has_second_factor(user) or bool(user.has_usable_password())
