"""Issuing, checking and revoking API keys (``ApiKey``).

Who may: ``Can.MANAGE_API_KEYS`` (the DSL and administrators) issues and revokes keys;
a ``cases:read`` key also needs ``Can.ISSUE_CASE_READING_KEYS`` (the DSL) and is issued for
a named member whose role handles cases. Pages, commands and the API all call these.

A token is ``dr_<prefix>_<secret>``: the prefix finds the key, the SHA-256 of the whole
token is compared in constant time. The token exists only in the answer to ``issue_key``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dueregard.api.audit_codes import API_KEY_ISSUED, API_KEY_REVOKED
from dueregard.api.models import ApiKey, Scope
from dueregard.audit.services import log
from dueregard.core.errors import FieldErrors, TransitionNotAllowed
from dueregard.core.scope import unscoped
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can, require

TOKEN_START = "dr_"  # noqa: S105 (what every token starts with, not a secret)
MAX_EXPIRY_DAYS = 3650


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    token: str  # shown once, never stored


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_key(
    membership: Membership,
    *,
    name: str,
    scopes: list[str],
    expires_days: int | None = None,
    for_member: Membership | None = None,
) -> IssuedKey:
    """Issue a key of ``membership``'s organisation; return it with its token (shown once).

    Raises ``NotPermitted`` for a role that may not, ``FieldErrors`` for a bad name, scope,
    expiry or member.
    """
    require(membership, Can.MANAGE_API_KEYS)
    problems: list[tuple[str, str]] = []
    name = name.strip()
    if not name or len(name) > 100:
        problems.append(("name", _("Give the key a name of 1 to 100 characters.")))
    chosen = sorted(set(scopes))
    unknown = [s for s in chosen if s not in Scope.values]
    if not chosen or unknown:
        problems.append(
            ("scopes", _("Choose scopes from: %(s)s.") % {"s": ", ".join(Scope.values)})
        )
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        problems.append(
            ("expires_days", _("A key expires after 1 to %(n)s days.") % {"n": MAX_EXPIRY_DAYS})
        )
    if for_member is not None and (
        for_member.organisation_id != membership.organisation_id or not for_member.is_active
    ):
        problems.append(("for_member", _("Choose an active member of your organisation.")))
        for_member = None
    if Scope.CASES_READ in chosen:
        require(membership, Can.ISSUE_CASE_READING_KEYS)
        if for_member is None or not for_member.can(Can.HANDLE_CASES):
            problems.append(
                (
                    "for_member",
                    _("A key that reads cases is issued for a named member of the DSL team."),
                )
            )
    if problems:
        raise FieldErrors(problems)
    prefix = secrets.token_hex(6)
    token = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key: ApiKey = ApiKey.objects.create(
            organisation=membership.organisation,
            created_by=membership.user,
            name=name,
            scopes=chosen,
            prefix=prefix,
            secret_hash=hash_token(token),
            for_member=for_member,
            expires_at=timezone.now() + timedelta(days=expires_days) if expires_days else None,
        )
        log(
            membership,
            API_KEY_ISSUED,
            key,
            context={"scopes": ",".join(chosen), "for_member": bool(for_member)},
        )
    return IssuedKey(key, token)


def revoke_key(membership: Membership, key: ApiKey) -> ApiKey:
    """Revoke ``key`` for good (history kept). Raises ``TransitionNotAllowed`` if revoked."""
    require(membership, Can.MANAGE_API_KEYS)
    with transaction.atomic():
        locked: ApiKey = ApiKey.objects.select_for_update().get(
            pk=key.pk, organisation_id=membership.organisation_id
        )
        if locked.revoked_at is not None:
            raise TransitionNotAllowed(_("This key has already been revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_by = membership.user
        locked.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
        log(membership, API_KEY_REVOKED, locked)
    return locked


def find_key(token: str) -> ApiKey | None:
    """The key whose token this is (live or not), else None. Any organisation's."""
    parts = token.split("_")
    if len(parts) < 3 or not token.startswith(TOKEN_START) or len(token) > 200:
        return None
    prefix = parts[1]
    with unscoped():
        key: ApiKey | None = (
            ApiKey.objects.select_related("organisation", "for_member")
            .filter(prefix=prefix)
            .first()
        )
    if key is None or not hmac.compare_digest(key.secret_hash, hash_token(token)):
        return None
    return key


def acting_membership(key: ApiKey) -> Membership | None:
    """The active member the key acts as, or None when they are no longer one."""
    with unscoped():
        members = Membership.across_organisations.active().select_related("organisation", "user")
        if key.for_member_id is not None:
            found: Membership | None = members.filter(pk=key.for_member_id).first()
        else:
            found = members.filter(
                organisation_id=key.organisation_id, user_id=key.created_by_id
            ).first()
    return found


def mark_used(key: ApiKey) -> None:
    """Note when the key was last used (at most once a minute, to spare the row)."""
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1):
        with unscoped():
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
