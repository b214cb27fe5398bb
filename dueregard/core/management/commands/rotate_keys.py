"""Re-encrypt every encrypted value and attachment file under the current (last) key.

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

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction

from dueregard.accounts import mfa
from dueregard.core import crypto
from dueregard.core.fields import EncryptedTextField, Sealed, StoredCiphertext
from dueregard.core.scope import unscoped

#: Models whose file field holds encrypted files, with the associated data each file is
#: bound to (by the row's public id).
ENCRYPTED_FILES: list[tuple[str, str, Callable[[Any], str]]] = [
    ("concerns.Attachment", "file", crypto.attachment_associated_data),
    ("risks.EvidenceFile", "file", crypto.attachment_associated_data),
    ("training.TrainingRecord", "evidence", lambda public_id: f"training_evidence|{public_id}"),
    ("policies.PolicyVersion", "file", lambda public_id: f"policy_version|{public_id}"),
]


@dataclass
class Tally:
    seen: int = 0
    rewritten: int = 0
    missing: int = 0


def encrypted_models() -> list[tuple[type[models.Model], list[EncryptedTextField]]]:
    """Every model with an ``EncryptedTextField``, with those fields."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            found.append((model, fields))
    return found


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
        for label, field_name, bound_to in ENCRYPTED_FILES:
            tally = self.rotate_files(apps.get_model(label), field_name, bound_to)
            self.stdout.write(
                f"{label} files: {tally.rewritten} of {tally.seen} re-encrypted"
                + (f", {tally.missing} missing" if tally.missing else "")
            )
        authenticators = apps.get_model("mfa", "Authenticator")
        seen, rewritten = mfa.rotate(authenticators, current)
        self.stdout.write(f"Second-factor secrets: {rewritten} of {seen} re-encrypted")
        left = self.count_older(current) + mfa.count_older(authenticators, current)
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
        fields: list[EncryptedTextField],
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
        fields: list[EncryptedTextField],
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

    def rotate_files(
        self, model: type[models.Model], field_name: str, bound_to: Callable[[Any], str]
    ) -> Tally:
        tally = Tally()
        rows = model._base_manager.order_by("pk").values_list("public_id", field_name)
        for public_id, name in rows.iterator():
            if not name:
                continue  # an optional file that was never given
            tally.seen += 1
            path = Path(default_storage.path(name))
            if not path.is_file():
                tally.missing += 1
                self.stderr.write(f"{model._meta.label} {public_id}: file missing")
                continue
            try:
                if crypto.reseal_file(path, bound_to(public_id)):
                    tally.rewritten += 1
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
        for label, field_name, _ in ENCRYPTED_FILES:
            for name in apps.get_model(label)._base_manager.values_list(field_name, flat=True):
                if not name:
                    continue
                path = Path(default_storage.path(name))
                if path.is_file():
                    with path.open("rb") as handle:
                        head = handle.read(64)
                    left += _file_key(head) != current
        return left


def _older(values: tuple[Any, ...], current: str, model: type[models.Model], pk: Any) -> bool:
    try:
        return any(isinstance(v, StoredCiphertext) and v.key_id != current for v in values)
    except crypto.DecryptionError as error:
        raise CommandError(f"{model._meta.label} row {pk}: {error}") from None


def _file_key(head: bytes) -> str | None:
    try:
        return crypto.bytes_key_id(head)
    except crypto.DecryptionError:
        return None
