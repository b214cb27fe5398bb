"""Second-factor secrets encrypted at rest.

allauth stores each authenticator app's TOTP secret and the seed of the recovery codes in
``mfa_authenticator.data``, passing them through the MFA adapter's ``encrypt`` and
``decrypt``. Ours encrypts them with the application keyring (``core/crypto.py``), like
case narratives: someone who reads the database cannot produce anyone's codes. The
ciphertext is bound to the purpose (allauth encrypts before the row exists, so it cannot
be bound to the row). Passkeys hold only public keys and are left as they are.
``rotate_keys`` re-encrypts these under the newest key with everything else.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.adapter import DefaultMFAAdapter
from django.apps import apps
from django.db import models, transaction

from dueregard.core import crypto

ASSOCIATED_DATA = "mfa_authenticator.data"

#: The secret held in ``data`` by each authenticator type.
SECRET_KEYS = {"totp": "secret", "recovery_codes": "seed"}


# allauth ships no type hints, so its adapter is ``Any`` to mypy.
class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc,unused-ignore]
    def encrypt(self, text: str) -> str:
        return crypto.encrypt_text(text, ASSOCIATED_DATA)

    def decrypt(self, encrypted_text: str) -> str:
        # A wrong key, an altered value or a value stored in clear is an error, never a
        # secret: DecryptionError.
        return crypto.decrypt_text(encrypted_text, ASSOCIATED_DATA)


def is_encrypted(value: str) -> bool:
    try:
        crypto.text_key_id(value)
    except crypto.DecryptionError:
        return False
    return True


def encrypt_existing(authenticator_model: type[models.Model]) -> int:
    """Encrypt secrets stored in clear before this adapter existed (a data migration)."""
    changed = 0
    for pk, kind, data in authenticator_model._base_manager.values_list("pk", "type", "data"):
        key = SECRET_KEYS.get(kind)
        if key and isinstance(data.get(key), str) and not is_encrypted(data[key]):
            data[key] = crypto.encrypt_text(data[key], ASSOCIATED_DATA)
            authenticator_model._base_manager.filter(pk=pk).update(data=data)
            changed += 1
    return changed


def rotate(authenticator_model: type[models.Model], current: str) -> tuple[int, int]:
    """Re-encrypt secrets not under ``current``; returns (seen, rewritten)."""
    seen = rewritten = 0
    for pk in authenticator_model._base_manager.filter(type__in=list(SECRET_KEYS)).values_list(
        "pk", flat=True
    ):
        seen += 1
        with transaction.atomic():
            row: Any = authenticator_model._base_manager.select_for_update().get(pk=pk)
            key = SECRET_KEYS[row.type]
            token = row.data.get(key)
            if not isinstance(token, str) or crypto.text_key_id(token) == current:
                continue
            plaintext = crypto.decrypt_text(token, ASSOCIATED_DATA)
            row.data[key] = crypto.encrypt_text(plaintext, ASSOCIATED_DATA)
            authenticator_model._base_manager.filter(pk=pk).update(data=row.data)
            rewritten += 1
    return seen, rewritten


def count_older(authenticator_model: type[models.Model], current: str) -> int:
    left = 0
    for kind, data in authenticator_model._base_manager.values_list("type", "data"):
        token = data.get(SECRET_KEYS.get(kind, ""), None)
        if isinstance(token, str) and crypto.text_key_id(token) != current:
            left += 1
    return left


class SecondFactorSecrets:
    """What ``rotate_keys`` finds through ``AccountsConfig.key_rotation``: allauth's
    authenticator secrets live in JSON, outside the personal-data registry's fields."""

    label = "Second-factor secrets"

    def rotate(self, current: str) -> tuple[int, int]:
        return rotate(apps.get_model("mfa", "Authenticator"), current)

    def count_older(self, current: str) -> int:
        return count_older(apps.get_model("mfa", "Authenticator"), current)


SECRETS = SecondFactorSecrets()
