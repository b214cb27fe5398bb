"""Second-factor policy: who must use one, whether this session did, and step-up.

* Members whose role is DSL, deputy DSL or administrator (``SECOND_FACTOR_ROLES`` in the
  permission table, ``organisations/permissions.py``) must have an authenticator and
  must have used a second factor in this session; everybody else is offered one on the
  account security page. Which factor counts is the organisation's choice
  (``Organisation.privileged_factor``): a passkey only (the default: it resists phishing,
  ASVS 6.3.3 at level 3), or a passkey or an authenticator app. Under "passkey only", an
  authenticator-app code, recovery code or provider's MFA claim does not count for them.
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

from dueregard.organisations.models import PrivilegedFactor
from dueregard.organisations.permissions import SECOND_FACTOR_ROLES, needs_second_factor

if TYPE_CHECKING:
    from dueregard.organisations.models import Membership

#: Set in the session when the single sign-on provider asserted MFA for this sign-in.
PROVIDER_MFA_SESSION_KEY = "dueregard_provider_mfa"


#: Authenticator types that resist phishing (bound to the site's origin).
PHISHING_RESISTANT = frozenset({"webauthn"})


def mfa_required(membership: Membership) -> bool:
    """Whether this member must use a second factor in every session (by role, from the
    permission table)."""
    return needs_second_factor(membership.role)


def passkey_required(membership: Membership | None) -> bool:
    """Whether this member's second factor must be a passkey (phishing-resistant)."""
    return (
        membership is not None
        and mfa_required(membership)
        and membership.organisation.privileged_factor == PrivilegedFactor.PASSKEY
    )


def needs_passkey_anywhere(user: Any) -> bool:
    """Whether any of the user's active memberships requires a passkey.

    Changes to one's own factors (adding a passkey, removing an app) are account-wide, so
    the re-authentication before them follows the strictest of the user's organisations:
    otherwise a phished app code in a lenient organisation could enrol an attacker's passkey
    for a strict one.
    """
    from dueregard.organisations.models import Membership

    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.across_organisations.active()
        .filter(
            user=user,
            role__in=list(SECOND_FACTOR_ROLES),
            organisation__privileged_factor=PrivilegedFactor.PASSKEY,
        )
        .exists()
    )


def has_second_factor(user: Any, membership: Membership | None = None) -> bool:
    """True when the user has an authenticator app or a passkey (recovery codes alone are
    not a factor: allauth deletes them with the last authenticator); for a member who
    needs a passkey, only a passkey."""
    if passkey_required(membership):
        from allauth.mfa.models import Authenticator

        return bool(
            Authenticator.objects.filter(user=user, type__in=list(PHISHING_RESISTANT)).exists()
        )
    return bool(is_mfa_enabled(user))


def _records(request: HttpRequest) -> list[dict[str, Any]]:
    return list(get_authentication_records(request, request.user))


def _counts(record: dict[str, Any], phishing_resistant: bool) -> bool:
    return record.get("method") == "mfa" and (
        not phishing_resistant or record.get("type") in PHISHING_RESISTANT
    )


def session_used_second_factor(request: HttpRequest, membership: Membership | None = None) -> bool:
    strict = passkey_required(membership)
    if any(_counts(r, strict) for r in _records(request)):
        return True
    # A provider's "amr: mfa" says nothing about phishing resistance.
    return not strict and bool(request.session.get(PROVIDER_MFA_SESSION_KEY))


def provider_asserted_mfa(id_token_claims: dict[str, Any]) -> bool:
    """OpenID Connect ``amr`` (RFC 8176): ``mfa`` means the provider used several factors."""
    amr = id_token_claims.get("amr") or []
    return isinstance(amr, list) and "mfa" in amr


def stepped_up(request: HttpRequest) -> bool:
    """Whether a factor was entered in this session within the step-up window (a passkey,
    for a member who needs one)."""
    membership = getattr(request, "membership", None)
    cutoff = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
    recent = [r for r in _records(request) if float(r.get("at", 0)) >= cutoff]
    if passkey_required(membership):
        return any(_counts(r, True) for r in recent)
    wanted = {"mfa"} if has_second_factor(request.user) else {"password", "mfa"}
    return any(r.get("method") in wanted for r in recent)


def can_step_up(user: Any, membership: Membership | None = None) -> bool:
    """Whether this account has a factor to re-enter (not so for provider-only sign-in)."""
    if passkey_required(membership):
        return has_second_factor(user, membership)
    return has_second_factor(user) or bool(user.has_usable_password())
