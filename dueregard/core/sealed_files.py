"""``SealedFileField``: a file field whose files are encrypted at rest (``core/crypto.py``).

Every stored file of the project goes through it: ``record.file.seal(data, suffix)`` keeps
the bytes encrypted under a random name, ``record.file.unseal()`` gives them back, and
``rotate_keys`` re-encrypts each one under the newest key (``reseal``), finding the fields
through the registry of personal data (``core/personal_data.py``).

Each file's ciphertext is bound to ``"<sealed_as>|<row public_id>"``, so a file copied to
another row does not decrypt. ``sealed_as`` names what the file is ("attachment",
"training_evidence"); changing it for a field with files stored would make them unreadable.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core import checks
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile

from dueregard.core import crypto


class SealedFieldFile(FieldFile):
    """The file of one row; ``seal`` and ``unseal`` encrypt and decrypt it for that row."""

    field: SealedFileField

    def seal(self, data: bytes, suffix: str) -> None:
        """Encrypt ``data`` for this row and store it under a random name ending ``suffix``.

        The row itself is not saved. The name is random because an uploaded file's own
        name may carry a person's name.
        """
        bound_to = self.field.associated_data(self.instance.public_id)  # type: ignore[attr-defined]
        sealed = ContentFile(crypto.encrypt_bytes(data, bound_to))
        self.save(f"{uuid.uuid4().hex}{suffix}", sealed, save=False)

    def unseal(self) -> bytes:
        """The plaintext bytes; raises ``DecryptionError`` if they do not decrypt here."""
        with self.open("rb") as stored:
            data = stored.read()
        bound_to = self.field.associated_data(self.instance.public_id)  # type: ignore[attr-defined]
        return crypto.decrypt_bytes(data, bound_to)


class SealedFileField(models.FileField):
    """A ``FileField`` whose files are stored encrypted, bound to the row's ``public_id``."""

    attr_class = SealedFieldFile

    def __init__(self, *args: Any, sealed_as: str = "", **kwargs: Any) -> None:
        # ``sealed_as`` is required of a model's field (``check``); the default only serves
        # the copies Django makes from ``deconstruct`` for migration state, which never
        # store or read a file.
        self.sealed_as = sealed_as
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        # Sealing happens in Python; the column is an ordinary file name. Migrations see a
        # plain FileField (without ``sealed_as``), so adopting this field needs none.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if "public_id" not in {f.name for f in self.model._meta.get_fields()}:
            errors.append(
                checks.Error(
                    "SealedFileField binds each file to the row's public_id; "
                    f"{self.model._meta.label} has none",
                    obj=self,
                    id="dueregard.E002",
                )
            )
        if not self.sealed_as:
            errors.append(
                checks.Error(
                    "SealedFileField needs sealed_as: what each file's ciphertext is bound to",
                    obj=self,
                    id="dueregard.E003",
                )
            )
        return errors

    def associated_data(self, public_id: object) -> str:
        """What binds a file to this kind of file and the row with ``public_id``."""
        if public_id is None or not self.sealed_as:
            raise ValueError("a sealed file needs sealed_as and the row's public_id")
        return f"{self.sealed_as}|{public_id}"

    def stored_path(self, name: str) -> Path:
        """Where the file called ``name`` (as stored in the column) is on disk."""
        return Path(self.storage.path(name))

    def reseal(self, public_id: object, name: str) -> bool:
        """Bring one stored file under the current key; whether it was rewritten.

        Raises ``FileNotFoundError`` if it is not on this machine, ``DecryptionError`` if
        it does not decrypt.
        """
        path = self.stored_path(name)
        if not path.is_file():
            raise FileNotFoundError(name)
        return crypto.reseal_file(path, self.associated_data(public_id))

    def key_id(self, name: str) -> str | None:
        """The key id a stored file is under; None if it is missing or not encrypted."""
        path = self.stored_path(name)
        if not path.is_file():
            return None
        with path.open("rb") as handle:
            head = handle.read(64)
        try:
            return crypto.bytes_key_id(head)
        except crypto.DecryptionError:
            return None
