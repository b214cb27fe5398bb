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
import re
from functools import cache

from django.conf import settings

from dueregard.core.keyrings import KeyringFormat, parse_keyring_text

AUDIT_KEYS_FORMAT = KeyringFormat(
    "DUEREGARD_AUDIT_KEYS",
    re.compile(r"[A-Za-z0-9._-]{1,32}"),
    "the id of letters, digits, dots, dashes or underscores",
)

#: Published on purpose: the dev and test profiles' key. Production refuses it.
DEV_AUDIT_KEYS = "dev:" + base64.b64encode(b"dueregard-dev-audit-NOT-SECRET!!").decode("ascii")


class UnknownAuditKey(Exception):
    """An event names a key that is not in ``DUEREGARD_AUDIT_KEYS`` (or none at all)."""


@cache
def parse_audit_keys(text: str) -> tuple[dict[str, bytes], str]:
    """``id:base64,id:base64`` → (keys by id, current id). Names no key material on error."""
    return parse_keyring_text(text, AUDIT_KEYS_FORMAT)


def current() -> tuple[str, bytes]:
    keys, current_id = parse_audit_keys(settings.AUDIT_KEYS)
    return current_id, keys[current_id]


def get(key_id: str) -> bytes:
    keys, _ = parse_audit_keys(settings.AUDIT_KEYS)
    try:
        return keys[key_id]
    except KeyError:
        raise UnknownAuditKey(key_id) from None
