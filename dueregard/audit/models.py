"""The append-only audit trail, hash-chained per organisation.

Every event carries the hash of the one before it in its chain, so altering, deleting or
reordering any event breaks the chain; ``manage.py verify_audit`` finds the first break.
Each hash is an HMAC under a key held outside the database (``audit/keys.py``), so even
someone who can write to the database cannot rebuild a chain that verifies.
Rows are never updated or deleted: the model refuses it, and so do database triggers
(migration 0002) for anything that goes around the model.
"""

from __future__ import annotations

import hmac
import json
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dueregard.audit import keys as audit_keys

PLATFORM_CHAIN = "platform"
GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    VIEW = "view", _("viewed")
    EXPORT = "export", _("exported")
    SHARE = "share", _("shared")
    LOGIN = "login", _("signed in")
    LOGIN_FAILED = "login_failed", _("failed sign-in")
    LOGOUT = "logout", _("signed out")
    ACCESS_DENIED = "access_denied", _("access denied")
    BREAK_GLASS = "break_glass", _("break glass")


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove audit history."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are never updated")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events are never deleted")


class AuditChain(models.Model):
    """The head of one hash chain: one per organisation plus one for the platform.

    Appending locks this row, so events of one chain get gap-free sequence numbers.
    """

    key = models.CharField(max_length=64, unique=True)
    last_sequence = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"{self.key} @ {self.last_sequence}"


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Holds no narrative content."""

    chain = models.CharField(max_length=64)
    sequence = models.BigIntegerField()
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, null=True, related_name="+"
    )
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.UUIDField(null=True, blank=True)
    summary = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    #: Which of ``DUEREGARD_AUDIT_KEYS`` sealed this event (``audit/keys.py``).
    key_id = models.CharField(max_length=32, default="", blank=True)
    #: What happened, as a namespaced code (``referral.approved``, ``audit/codes.py``).
    #: Empty only on events written before codes existed.
    code = models.CharField(max_length=60, default="", blank=True)
    #: Structured details of the event (ids, states, kinds; never names or narrative).
    context = models.JSONField(default=dict, blank=True)
    hash = models.CharField(max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "sequence"], name="audit_chain_sequence_unique"
            )
        ]
        indexes = [
            # "Who has seen this case?" and a record's history: events of one object.
            models.Index(
                fields=["organisation", "object_type", "object_id"], name="audit_object_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit events are never updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events are never deleted")

    def payload(self) -> dict[str, Any]:
        """The fields the hash covers, in a stable form."""
        return {
            "chain": self.chain,
            "sequence": self.sequence,
            "organisation": self.organisation_id,
            "occurred_at": self.occurred_at.isoformat(timespec="microseconds"),
            "actor": self.actor_id,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": str(self.object_id) if self.object_id else "",
            "summary": self.summary,
            "reason": self.reason,
            "ip_address": self.ip_address or "",
            "prev_hash": self.prev_hash,
            "key_id": self.key_id,
            # Events from before codes existed were sealed without these two fields.
            **({"code": self.code, "context": self.context} if self.code else {}),
        }

    def compute_hash(self) -> str:
        """HMAC-SHA256 of the payload under the key this event names (``UnknownAuditKey``
        if that key is not configured): without the key, nobody can forge a chain."""
        encoded = json.dumps(self.payload(), sort_keys=True, separators=(",", ":"))
        return hmac.new(audit_keys.get(self.key_id), encoded.encode("utf-8"), "sha256").hexdigest()
