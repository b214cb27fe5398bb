"""TOTP secrets and recovery-code seeds are encrypted with the application keyring."""

from __future__ import annotations

import base64
import io
import os
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command

from dueregard.accounts import mfa
from dueregard.accounts.testing import TEST_TOTP_SECRET, enrol_totp, totp_secret_of
from dueregard.core import crypto
from dueregard.organisations.models import Membership


def key(key_id: str) -> str:
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def stored(user: Any, kind: str) -> str:
    data = Authenticator.objects.get(user=user, type=kind).data
    return str(data[mfa.SECRET_KEYS[kind]])


def test_secrets_are_stored_encrypted_and_read_back(dsl: Membership) -> None:
    enrol_totp(dsl.user)
    codes = RecoveryCodes.activate(dsl.user)

    assert stored(dsl.user, "totp").startswith("enc1:")
    assert TEST_TOTP_SECRET not in stored(dsl.user, "totp")
    assert stored(dsl.user, "recovery_codes").startswith("enc1:")
    assert totp_secret_of(dsl.user) == TEST_TOTP_SECRET
    # A recovery code still works: the seed decrypts.
    assert codes.validate_code(codes.get_unused_codes()[0])


def test_a_secret_in_clear_or_under_an_unknown_key_is_refused(settings: Any) -> None:
    adapter = mfa.MFAAdapter()
    with pytest.raises(crypto.DecryptionError):
        adapter.decrypt(TEST_TOTP_SECRET)
    token = adapter.encrypt(TEST_TOTP_SECRET)
    settings.ENCRYPTION_KEYS = key("other")
    with pytest.raises(crypto.DecryptionError):
        adapter.decrypt(token)


def test_the_migration_step_encrypts_secrets_stored_in_clear(dsl: Membership) -> None:
    authenticator = enrol_totp(dsl.user)
    Authenticator.objects.filter(pk=authenticator.pk).update(data={"secret": TEST_TOTP_SECRET})

    assert mfa.encrypt_existing(Authenticator) == 1
    assert mfa.encrypt_existing(Authenticator) == 0  # idempotent
    assert totp_secret_of(dsl.user) == TEST_TOTP_SECRET


def test_rotate_keys_re_encrypts_second_factor_secrets(settings: Any, dsl: Membership) -> None:
    settings.ENCRYPTION_KEYS = key("a")
    enrol_totp(dsl.user)
    RecoveryCodes.activate(dsl.user)
    settings.ENCRYPTION_KEYS += "," + key("b")

    out = io.StringIO()
    call_command("rotate_keys", stdout=out, stderr=io.StringIO())

    assert "Second-factor secrets: 2 of 2 re-encrypted" in out.getvalue()
    assert crypto.text_key_id(stored(dsl.user, "totp")) == "b"
    assert crypto.text_key_id(stored(dsl.user, "recovery_codes")) == "b"
    assert totp_secret_of(dsl.user) == TEST_TOTP_SECRET
