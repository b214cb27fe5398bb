"""Writing and checking the audit trail. Every part of dueregard records through here."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from dueregard.audit import context as audit_context
from dueregard.audit import keys as audit_keys
from dueregard.audit.codes import AuditCode
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
) -> AuditEvent:
    """Append one event to the organisation's chain (the platform chain when None).

    ``code`` names what happened (its action and label become the event's action and
    summary); ``context`` holds structured details. ``obj`` may be any model with a
    ``public_id``; its model name becomes the object type. ``summary`` must hold no
    personal data: it names what happened, not to whom. The client's address comes from the
    request's audit context (``audit/context.py``; none in jobs and commands).
    Runs inside the caller's transaction, so an event is written exactly when the change is.
    """
    if code is not None:
        action = code.action
        summary = summary or code.label
    if not action:
        raise ValueError("An audit event needs a code (or, for old callers, an action)")
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

    The one call services, views and exports make: the actor and organisation come from
    the membership, the client's address from the request's audit context. A view of a
    person's record passes the app's ``x.viewed`` code and the record; an export its
    ``x.exported`` code, ``object_type="export"`` (or the record exported) and the format
    and filters in ``context``, never the content.
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
