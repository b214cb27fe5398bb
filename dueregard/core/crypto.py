"""Encryption at rest: AES-256-GCM with associated data, keys from the environment.

The keyring is ``settings.ENCRYPTION_KEYS`` (from ``DUEREGARD_ENCRYPTION_KEYS`` or its
``_FILE``): comma-separated ``id:base64-key`` entries of 32-byte keys. Every key decrypts;
the last one encrypts new writes. Keys never come from the database or ``SECRET_KEY``.

Text is stored as ``enc1:<key id>:<base64(nonce || ciphertext+tag)>``; file bytes as
``enc1:<key id>:`` followed by the raw nonce and ciphertext. The associated data names
where a ciphertext belongs (table, row, field), so one copied to another row or field does
not decrypt. Anything that does not decrypt raises ``DecryptionError``: ciphertext is never
returned as if it were text.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from dueregard.core.keyrings import KEY_BYTES, KeyringFormat, parse_keyring_text

VERSION = "enc1"
NONCE_BYTES = 12  # 96 bits, the size GCM is designed for; random per encryption
# No dots: the id sits between colons in every stored value and file header.
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
KEYRING_FORMAT = KeyringFormat(
    "DUEREGARD_ENCRYPTION_KEYS", _KEY_ID, "the id 1-32 letters, digits, - or _"
)
_PREFIX = VERSION + ":"
_PREFIX_BYTES = _PREFIX.encode("ascii")
# The longest file header: "enc1:" + a 32-character key id + ":".
_MAX_HEADER = len(_PREFIX_BYTES) + 32 + 1

#: The published development key (id ``dev``). It protects nothing: dev and test only.
#: Production refuses it.
DEV_KEYRING = "dev:" + base64.b64encode(b"dueregard-dev-key-NOT-A-SECRET!!").decode("ascii")


class DecryptionError(Exception):
    """A stored value did not decrypt: wrong or missing key, tampering, or copied elsewhere."""


@dataclass(frozen=True)
class Keyring:
    """Every usable key by id; ``current_id`` names the one new writes use."""

    keys: dict[str, AESGCM]
    current_id: str

    @property
    def ids(self) -> list[str]:
        return list(self.keys)

    def key(self, key_id: str) -> AESGCM:
        try:
            return self.keys[key_id]
        except KeyError:
            raise DecryptionError(
                f"encrypted with key {key_id!r}, which is not in DUEREGARD_ENCRYPTION_KEYS"
            ) from None


def parse_keyring(text: str) -> Keyring:
    """Parse ``id:base64key,id:base64key``; the last entry is current.

    Raises ``ImproperlyConfigured`` (naming no key material) on anything malformed.
    """
    keys, current_id = parse_keyring_text(text, KEYRING_FORMAT)
    return Keyring(
        keys={key_id: AESGCM(raw) for key_id, raw in keys.items()}, current_id=current_id
    )


def new_key_entry(key_id: str) -> str:
    """A fresh ``id:base64key`` entry to append to the keyring (``rotate_keys --new-key``)."""
    if not _KEY_ID.fullmatch(key_id):
        raise ValueError("a key id is 1-32 letters, digits, - or _")
    return f"{key_id}:{base64.b64encode(os.urandom(KEY_BYTES)).decode('ascii')}"


_cache: tuple[str, Keyring] | None = None


def keyring() -> Keyring:
    """The keyring from settings, parsed once per distinct value (tests change it)."""
    global _cache
    text: str = settings.ENCRYPTION_KEYS
    if _cache is None or _cache[0] != text:
        _cache = (text, parse_keyring(text))
    return _cache[1]


# --- Associated data ------------------------------------------------------------------


def field_associated_data(db_table: str, public_id: object, field_name: str) -> str:
    """Binds a field's ciphertext to its table, row and field."""
    return f"{db_table}|{public_id}|{field_name}"


def attachment_associated_data(public_id: object) -> str:
    """Binds an attachment file's ciphertext to its row (``SealedFileField`` "attachment").

    Kept for migration ``concerns/0003``; models use ``SealedFileField.associated_data``.
    """
    return f"attachment|{public_id}"


# --- Text -----------------------------------------------------------------------------


def encrypt_text(plaintext: str, associated_data: str) -> str:
    """``enc1:<current key id>:<base64>`` of ``plaintext`` under the current key."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.key(ring.current_id).encrypt(
        nonce, plaintext.encode("utf-8"), associated_data.encode("utf-8")
    )
    return f"{_PREFIX}{ring.current_id}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def text_key_id(token: str) -> str:
    """The key id of a stored text value; ``DecryptionError`` if it is not one."""
    version, sep, rest = token.partition(":")
    key_id, sep2, _ = rest.partition(":")
    if version != VERSION or not sep or not sep2 or not _KEY_ID.fullmatch(key_id):
        raise DecryptionError("the stored value is not an encrypted value")
    return key_id


def decrypt_text(token: str, associated_data: str) -> str:
    """The plaintext of ``token``. Raises ``DecryptionError``; never returns ciphertext."""
    key_id = text_key_id(token)
    try:
        blob = base64.b64decode(token[len(_PREFIX) + len(key_id) + 1 :], validate=True)
    except (binascii.Error, ValueError):
        raise DecryptionError("the stored value is not valid base64") from None
    return _open(key_id, blob, associated_data).decode("utf-8")


# --- Bytes (attachment files) ---------------------------------------------------------


def encrypt_bytes(data: bytes, associated_data: str) -> bytes:
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.key(ring.current_id).encrypt(nonce, data, associated_data.encode("utf-8"))
    return b"%s%s:%s%s" % (_PREFIX_BYTES, ring.current_id.encode("ascii"), nonce, sealed)


def bytes_key_id(head: bytes) -> str:
    """The key id from the first bytes of an encrypted file; ``DecryptionError`` if none."""
    if not head.startswith(_PREFIX_BYTES):
        raise DecryptionError("the file is not encrypted")
    end = head.find(b":", len(_PREFIX_BYTES), _MAX_HEADER)
    key_id = head[len(_PREFIX_BYTES) : end].decode("ascii", "replace") if end > 0 else ""
    if not _KEY_ID.fullmatch(key_id):
        raise DecryptionError("the file is not encrypted")
    return key_id


def decrypt_bytes(blob: bytes, associated_data: str) -> bytes:
    key_id = bytes_key_id(blob[:_MAX_HEADER])
    return _open(key_id, blob[len(_PREFIX_BYTES) + len(key_id) + 1 :], associated_data)


def reseal_file(path: Path, associated_data: str, *, decrypt: bool = False) -> bool:
    """Bring one stored file under the current key; returns whether it was rewritten.

    A file from before encryption (no header) is encrypted. With ``decrypt`` (reversing
    the migration) an encrypted file is written back as plaintext. The swap is atomic.
    """
    with path.open("rb") as handle:
        head = handle.read(_MAX_HEADER)
    try:
        key_id: str | None = bytes_key_id(head)
    except DecryptionError:
        key_id = None
    if decrypt:
        if key_id is None:
            return False
        replace_file(path, decrypt_bytes(path.read_bytes(), associated_data))
        return True
    if key_id == keyring().current_id:
        return False
    data = path.read_bytes()
    plain = data if key_id is None else decrypt_bytes(data, associated_data)
    replace_file(path, encrypt_bytes(plain, associated_data))
    return True


def replace_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file beside ``path`` and rename it over ``path``.

    A reader sees the old file or the new one, never a torn one. Mode 0600, like uploads.
    """
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".rekey-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _open(key_id: str, blob: bytes, associated_data: str) -> bytes:
    key = keyring().key(key_id)
    if len(blob) < NONCE_BYTES + 16:
        raise DecryptionError("the stored value is too short to be a ciphertext")
    try:
        return key.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], associated_data.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            f"the value encrypted with key {key_id!r} does not decrypt: the key is wrong, "
            "or the value was altered or copied from another record"
        ) from None
