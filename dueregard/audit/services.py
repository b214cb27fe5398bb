"""Writing and checking the audit trail. Every part of dueregard records through here."""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from dueregard.audit import context as audit_context
from dueregard.audit import keys as audit_keys
from dueregard.audit.codes import RECORD_EXPORTED, RECORD_VIEWED, AuditCode
from dueregard.audit.models import (
    GENESIS_HASH,
    PLATFORM_CHAIN,
    AuditChain,
    AuditEvent,
)

if TYPE_CHECKING:
    from dueregard.accounts.models import User
    from dueregard.organisations.models import Membership, Organisation


def chain_key(organisation: Organisation | None) -> str:
    return f"org:{organisation.public_id}" if organisation is not None else PLATFORM_CHAIN


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: behind ``ALLAUTH_TRUSTED_PROXY_COUNT`` proxies, the address
    the outermost trusted proxy saw (as sign-in throttling uses); else ``REMOTE_ADDR``.

    An address that is not a valid IP is recorded as unknown rather than trusted.
    """
    if request is None:
        return None
    candidate = request.META.get("REMOTE_ADDR")
    trusted = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.headers.get("x-forwarded-for")
    if trusted > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= trusted:
            candidate = hops[-trusted]
    try:
        return str(ipaddress.ip_address(candidate)) if candidate else None
    except ValueError:
        return None


def _lock_chain(key: str) -> AuditChain:
    """Lock the chain head, creating it the first time an organisation records anything."""
    head = AuditChain.objects.select_for_update().filter(key=key).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            return AuditChain.objects.create(key=key)
    except IntegrityError:
        # Another request created the chain head between our read and insert.
        return AuditChain.objects.select_for_update().get(key=key)


#: What an event's context may hold: plain values, never a model instance or free text.
ContextValue = str | int | bool | None
Context = Mapping[str, ContextValue]


def _clean_context(context: Context | None) -> dict[str, ContextValue]:
    cleaned: dict[str, ContextValue] = {}
    for key, value in (context or {}).items():
        if isinstance(value, uuid.UUID):
            value = str(value)
        if not isinstance(value, str | int | bool | type(None)):
            raise TypeError(f"Audit context {key!r} must be a plain value, not {type(value)}")
        if isinstance(value, str) and len(value) > 100:
            raise ValueError(f"Audit context {key!r} is over 100 characters: a code, not text")
        cleaned[key] = value
    return cleaned


def record(
    *,
    action: str = "",
    code: AuditCode | None = None,
    context: Context | None = None,
    actor: User | None,
    organisation: Organisation | None,
    obj: Any = None,
    object_type: str = "",
    object_id: uuid.UUID | None = None,
    summary: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the organisation's chain (the platform chain when None).

    ``code`` names what happened (its action and label become the event's action and
    summary); ``context`` holds structured details. ``obj`` may be any model with a
    ``public_id``; its model name becomes the object type. ``summary`` must hold no
    personal data: it names what happened, not to whom. The client's address comes from
    ``request`` when given, else from the request's audit context (``audit/context.py``).
    Runs inside the caller's transaction, so an event is written exactly when the change is.
    """
    if code is not None:
        action = code.action
        summary = summary or code.label
    if not action:
        raise ValueError("An audit event needs a code (or, for old callers, an action)")
    if request is not None:
        ip_address = client_ip(request)
    else:
        ambient = audit_context.current()
        ip_address = ambient.ip_address if ambient is not None else None
    # Checked before the chain is locked: a refused context must not spoil the transaction.
    cleaned_context = _clean_context(context)
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or obj.public_id
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    # No savepoint: inside a caller's transaction the event commits or rolls back with it.
    with transaction.atomic(savepoint=False):
        head = _lock_chain(chain_key(organisation))
        event = AuditEvent(
            chain=head.key,
            sequence=head.last_sequence + 1,
            organisation=organisation,
            occurred_at=timezone.now().astimezone(UTC),
            actor=actor_obj,
            action=action,
            object_type=object_type,
            object_id=object_id,
            summary=summary[:200],
            reason=reason,
            ip_address=ip_address,
            code=code.code if code is not None else "",
            context=cleaned_context,
            prev_hash=head.last_hash,
            key_id=audit_keys.current()[0],
        )
        event.hash = event.compute_hash()
        event.save()
        AuditChain.objects.filter(pk=head.pk).update(
            last_sequence=event.sequence, last_hash=event.hash
        )
    return event


def record_view(
    request: HttpRequest,
    obj: Any,
    *,
    code: AuditCode = RECORD_VIEWED,
    context: Context | None = None,
    summary: str = "",
    reason: str = "",
) -> AuditEvent:
    """Record that the signed-in member viewed ``obj`` (a person's record, or a page naming
    people): ``code`` is the app's own ``x.viewed`` code. The old form, without a code,
    records ``record.viewed`` with ``summary`` (default "Viewed <kind>")."""
    membership = request.membership  # type: ignore[attr-defined]
    if code is RECORD_VIEWED:
        summary = summary or f"Viewed {obj._meta.verbose_name}"
    return record(
        code=code,
        context=context,
        actor=request.user,  # type: ignore[arg-type]
        organisation=membership.organisation,
        obj=obj,
        summary=summary,
        reason=reason,
    )


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    sequence: int
    event_id: int | None
    problem: str


def verify_chain(key: str) -> ChainBreak | None:
    """Walk one chain in order; return its first break, or None when it is intact."""
    expected_prev = GENESIS_HASH
    expected_sequence = 1
    last: AuditEvent | None = None
    for event in AuditEvent.objects.filter(chain=key).order_by("sequence").iterator(2000):
        if event.sequence != expected_sequence:
            return ChainBreak(key, expected_sequence, event.pk, "event missing or out of order")
        if event.prev_hash != expected_prev:
            return ChainBreak(key, event.sequence, event.pk, "link to the previous event broken")
        try:
            sealed = event.compute_hash()
        except audit_keys.UnknownAuditKey:
            return ChainBreak(
                key,
                event.sequence,
                event.pk,
                f"sealed with audit key {event.key_id!r}, which is not in DUEREGARD_AUDIT_KEYS"
                if event.key_id
                else "not sealed with an audit key",
            )
        if sealed != event.hash:
            return ChainBreak(key, event.sequence, event.pk, "event content altered")
        expected_prev = event.hash
        expected_sequence += 1
        last = event
    head = AuditChain.objects.filter(key=key).first()
    if head is not None and (head.last_sequence != (last.sequence if last else 0)):
        return ChainBreak(key, expected_sequence, None, "events removed from the end")
    if head is not None and last is not None and head.last_hash != last.hash:
        return ChainBreak(key, last.sequence, last.pk, "last event altered")
    return None


def verify_all() -> list[ChainBreak]:
    keys = set(AuditChain.objects.values_list("key", flat=True))
    keys |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    breaks = [verify_chain(key) for key in sorted(keys)]
    return [b for b in breaks if b is not None]


def record_by(
    membership: Membership,
    action: str,
    *,
    obj: Any = None,
    object_type: str = "",
    object_id: uuid.UUID | None = None,
    summary: str = "",
    reason: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """``record`` for the usual case: a member acting in their current organisation."""
    return record(
        action=action,
        actor=membership.user,
        organisation=membership.organisation,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        reason=reason,
        request=request,
    )


def log(
    membership: Membership,
    code: AuditCode,
    obj: Any = None,
    *,
    context: Context | None = None,
    reason: str = "",
    object_type: str = "",
    object_id: uuid.UUID | None = None,
) -> AuditEvent:
    """Record that ``membership`` did ``code`` (to ``obj``), in its organisation's chain.

    The one call services make: the actor and organisation come from the membership, the
    client's address from the request's audit context.
    """
    return record(
        code=code,
        context=context,
        actor=membership.user,
        organisation=membership.organisation,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
    )


def record_export(
    request: HttpRequest | None,
    membership: Membership,
    what: str = "",
    *,
    obj: Any = None,
    code: AuditCode = RECORD_EXPORTED,
    context: Context | None = None,
) -> AuditEvent:
    """The audit event every export writes: what was exported, never its content.

    ``code`` is the app's own ``x.exported`` code, with the format and filters in
    ``context``; the old form, without a code, records ``record.exported`` with the summary
    "Exported <what>". ``request`` is no longer needed (the address comes from the audit
    context) and goes once every caller has stopped passing it.
    """
    return record(
        code=code,
        context=context,
        actor=membership.user,
        organisation=membership.organisation,
        obj=obj,
        object_type="" if obj is not None else "export",
        summary=f"Exported {what}"[:200] if code is RECORD_EXPORTED else "",
    )
