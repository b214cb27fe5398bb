"""Re-encrypt every encrypted value and sealed file under the current (last) key.

What to rewrite comes from the registry of personal data (``core/personal_data.py``): its
encrypted fields and its ``SealedFileField``s, so a new one is rotated without a change here.

Rotating a key:

1. ``manage.py rotate_keys --new-key 2026-02`` prints a fresh entry; append it to
   ``DUEREGARD_ENCRYPTION_KEYS`` (it becomes current) and restart every process.
2. ``manage.py rotate_keys``: rewrites whatever still uses an older key. Safe while the app
   serves: readers accept every key in the ring, each row is rewritten in a short
   transaction under a row lock, each file by an atomic rename. Run it again at any time;
   rows already under the current key are left alone.
3. When it reports that nothing uses an older key, remove the old entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils.module_loading import import_string

from dueregard.core import crypto
from dueregard.core.fields import EncryptedTextField, Sealed, StoredCiphertext
from dueregard.core.personal_data import registry
from dueregard.core.scope import unscoped
from dueregard.core.sealed_files import SealedFileField


@dataclass
class Tally:
    seen: int = 0
    rewritten: int = 0
    missing: int = 0


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField[Any, Any]]]]:
    """Every model with an ``EncryptedTextField``, with those fields, from the registry."""
    return list(registry().encrypted_fields())


class OtherRotation(Protocol):
    """Encrypted values an app keeps outside the registry's fields (e.g. MFA secrets)."""

    label: str

    def rotate(self, current: str) -> tuple[int, int]: ...

    def count_older(self, current: str) -> int: ...


def other_rotations() -> list[OtherRotation]:
    """What apps declare as ``key_rotation`` (a dotted path) on their AppConfig."""
    paths = (getattr(config, "key_rotation", "") for config in apps.get_app_configs())
    return [import_string(path) for path in paths if path]


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and attachment file under the newest key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--new-key",
            metavar="ID",
            help="Print a new random key entry 'ID:base64' to append to the keyring, and stop.",
        )

    # Rotation is platform-wide: every organisation's rows and files.
    @unscoped()
    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            try:
                self.stdout.write(crypto.new_key_entry(options["new_key"]))
            except ValueError as error:
                raise CommandError(str(error)) from None
            return
        current = crypto.keyring().current_id
        self.stdout.write(f"Current key: {current!r}")
        for model, fields in encrypted_models():
            tally = self.rotate_rows(model, fields, current, options["batch_size"])
            self.stdout.write(
                f"{model._meta.label}: {tally.rewritten} of {tally.seen} rows re-encrypted"
            )
        for model, field in registry().files():
            tally = self.rotate_files(model, field)
            self.stdout.write(
                f"{model._meta.label} files: {tally.rewritten} of {tally.seen} re-encrypted"
                + (f", {tally.missing} missing" if tally.missing else "")
            )
        extras = other_rotations()
        for extra in extras:
            seen, rewritten = extra.rotate(current)
            self.stdout.write(f"{extra.label}: {rewritten} of {seen} re-encrypted")
        left = self.count_older(current) + sum(extra.count_older(current) for extra in extras)
        if left:
            # Written meanwhile by a process that still has the old keyring as current.
            self.stderr.write(
                f"{left} values still use an older key: restart every process with the new "
                "keyring, then run rotate_keys again"
            )
            raise CommandError("rotation incomplete")
        self.stdout.write(
            f"Every encrypted value and file uses key {current!r}; older keys may be removed."
        )

    def rotate_rows(
        self,
        model: type[models.Model],
        fields: list[EncryptedTextField[Any, Any]],
        current: str,
        batch_size: int,
    ) -> Tally:
        tally = Tally()
        names = [f.attname for f in fields]
        last = None
        while True:
            batch = model._base_manager.order_by("pk")
            if last is not None:
                batch = batch.filter(pk__gt=last)
            rows = list(batch.values_list("pk", *names)[:batch_size])
            if not rows:
                return tally
            last = rows[-1][0]
            tally.seen += len(rows)
            stale = [row[0] for row in rows if _older(row[1:], current, model, row[0])]
            if stale:
                tally.rewritten += self.rekey(model, fields, stale, current)

    def rekey(
        self,
        model: type[models.Model],
        fields: list[EncryptedTextField[Any, Any]],
        pks: list[Any],
        current: str,
    ) -> int:
        """Rewrite these rows under a row lock, re-reading them so no app write is lost."""
        manager = model._base_manager
        names = [f.attname for f in fields]
        rewritten = 0
        with transaction.atomic():
            locked = manager.select_for_update().filter(pk__in=pks).order_by("pk")
            for pk, public_id, *values in locked.values_list("pk", "public_id", *names):
                changes = {}
                for field, value in zip(fields, values, strict=True):
                    if value is None or value.key_id == current:
                        continue
                    data = field.associated_data(public_id)
                    try:
                        plaintext = crypto.decrypt_text(value.token, data)
                    except crypto.DecryptionError as error:
                        raise CommandError(
                            f"{model._meta.label} {public_id} {field.name}: {error}"
                        ) from None
                    changes[field.attname] = Sealed(crypto.encrypt_text(plaintext, data))
                if changes:
                    # Bypasses the append-only guards on purpose: the content is unchanged.
                    manager.filter(pk=pk).update(**changes)
                    rewritten += 1
        return rewritten

    def rotate_files(self, model: type[models.Model], field: SealedFileField) -> Tally:
        tally = Tally()
        rows = model._base_manager.order_by("pk").values_list("public_id", field.attname)
        for public_id, name in rows.iterator():
            if not name:
                continue  # an optional file that was never given
            tally.seen += 1
            try:
                if field.reseal(public_id, name):
                    tally.rewritten += 1
            except FileNotFoundError:
                tally.missing += 1
                self.stderr.write(f"{model._meta.label} {public_id}: file missing")
            except crypto.DecryptionError as error:
                raise CommandError(f"{model._meta.label} {public_id} file: {error}") from None
        return tally

    def count_older(self, current: str) -> int:
        """Values and files not under ``current``, counted after the run."""
        left = 0
        for model, fields in encrypted_models():
            names = [f.attname for f in fields]
            for row in model._base_manager.values_list("pk", *names).iterator():
                left += _older(row[1:], current, model, row[0])
        for model, field in registry().files():
            for name in model._base_manager.values_list(field.attname, flat=True):
                if name and field.stored_path(name).is_file():
                    left += field.key_id(name) != current
        return left


def _older(values: tuple[Any, ...], current: str, model: type[models.Model], pk: Any) -> bool:
    try:
        return any(isinstance(v, StoredCiphertext) and v.key_id != current for v in values)
    except crypto.DecryptionError as error:
        raise CommandError(f"{model._meta.label} row {pk}: {error}") from None
