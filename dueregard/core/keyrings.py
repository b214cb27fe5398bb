"""Keyrings held outside the database: ``id:base64key`` entries, comma-separated.

Two secrets use this shape: the encryption keys (``DUEREGARD_ENCRYPTION_KEYS``,
``core/crypto.py``) and the audit-trail keys (``DUEREGARD_AUDIT_KEYS``, ``audit/keys.py``).
Both are read by ``parse_keyring_text``: every entry is a key id and 32 random bytes in
base64, and the last entry is the one new writes use. Errors name the variable and the
entry, never key material.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32


@dataclass(frozen=True)
class KeyringFormat:
    """What one keyring variable accepts: its name, and what its key ids may be."""

    variable: str  # e.g. "DUEREGARD_AUDIT_KEYS", named in every error
    key_id: re.Pattern[str]
    key_id_rule: str  # said in the error for a malformed entry, e.g. "the id 1-32 letters"


def parse_keyring_text(text: str, spec: KeyringFormat) -> tuple[dict[str, bytes], str]:
    """``id:base64,id:base64`` → (raw key bytes by id, the current id: the last entry's).

    Raises ``ImproperlyConfigured`` for no entries, a malformed entry, an id given twice,
    invalid base64 or a key that is not ``KEY_BYTES`` long.
    """
    name = spec.variable
    keys: dict[str, bytes] = {}
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    if not entries:
        raise ImproperlyConfigured(f"{name} holds no keys")
    for position, entry in enumerate(entries, start=1):
        key_id, sep, encoded = entry.partition(":")
        if not sep or not spec.key_id.fullmatch(key_id):
            raise ImproperlyConfigured(
                f"{name} entry {position} must be id:base64key, {spec.key_id_rule}"
            )
        if key_id in keys:
            raise ImproperlyConfigured(f"{name} names key {key_id!r} twice")
        try:
            material = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"{name} key {key_id!r} is not valid base64") from None
        if len(material) != KEY_BYTES:
            raise ImproperlyConfigured(f"{name} key {key_id!r} must be {KEY_BYTES} bytes")
        keys[key_id] = material
    return keys, entries[-1].partition(":")[0]
