"""The keys that seal the audit trail.

Each event's hash is an HMAC-SHA256 of its content and the previous event's hash, keyed
with a secret held outside the database (``DUEREGARD_AUDIT_KEYS`` or its ``_FILE``:
``id:base64`` entries of 32 random bytes, the last one current). Someone who can write to
the database, even drop its triggers, cannot rebuild a chain that ``verify_audit``
accepts without that key. Each event names the key that sealed it, so a new key can be
added (appended) at any time; old keys stay in the list for as long as their events must
be verified, which is as long as the audit trail is kept.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
_KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")

#: Published on purpose: the dev and test profiles' key. Production refuses it.
DEV_AUDIT_KEYS = "dev:" + base64.b64encode(b"dueregard-dev-audit-NOT-SECRET!!").decode("ascii")


class UnknownAuditKey(Exception):
    """An event names a key that is not in ``DUEREGARD_AUDIT_KEYS`` (or none at all)."""


@cache
def parse_audit_keys(text: str) -> tuple[dict[str, bytes], str]:
    """``id:base64,id:base64`` → (keys by id, current id). Names no key material on error."""
    keys: dict[str, bytes] = {}
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise ImproperlyConfigured("DUEREGARD_AUDIT_KEYS holds no keys")
    for position, entry in enumerate(entries, start=1):
        key_id, sep, encoded = entry.partition(":")
        if not sep or not _KEY_ID.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"DUEREGARD_AUDIT_KEYS entry {position} must be id:base64key, the id of "
                "letters, digits, dots, dashes or underscores"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"DUEREGARD_AUDIT_KEYS names key {key_id!r} twice")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"DUEREGARD_AUDIT_KEYS key {key_id!r} is not valid base64"
            ) from None
        if len(raw) != KEY_BYTES:
            raise ImproperlyConfigured(f"DUEREGARD_AUDIT_KEYS key {key_id!r} must be 32 bytes")
        keys[key_id] = raw
    return keys, entries[-1].partition(":")[0]


def current() -> tuple[str, bytes]:
    keys, current_id = parse_audit_keys(settings.AUDIT_KEYS)
    return current_id, keys[current_id]


def get(key_id: str) -> bytes:
    keys, _ = parse_audit_keys(settings.AUDIT_KEYS)
    try:
        return keys[key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None
