"""``EncryptedTextField``: a text column the application encrypts (``core/crypto.py``).

In Python the attribute is plaintext; in the database it is ``enc1:<key id>:<base64>``,
bound to its table, the row's ``public_id`` and the field name. Encryption happens in
``pre_save``; decryption happens the first time the attribute is read (``from_db_value``
has no instance, so no row to bind to), and the plaintext is then kept on the instance.

What this means for callers:

* the model must have a ``public_id`` (every ``TimeStampedModel`` does);
* filtering, ordering and ``QuerySet.update()`` with plaintext are refused (``TypeError``):
  the database only ever sees ciphertext;
* ``values()`` / ``values_list()`` give ``StoredCiphertext`` objects, which refuse to turn
  into text: read these fields through model instances.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core import checks
from django.db import models
from django.db.models.query_utils import DeferredAttribute

from dueregard.core import crypto


class StoredCiphertext:
    """A value as read from the database and not yet decrypted."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    @property
    def key_id(self) -> str:
        return crypto.text_key_id(self.token)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredCiphertext) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def __repr__(self) -> str:
        return "<StoredCiphertext>"

    def __str__(self) -> str:
        raise TypeError(
            "an encrypted field read with values()/values_list(): read it from the model "
            "instance, which decrypts it"
        )


class Sealed(str):
    """Ciphertext ready to be written; the only text the field lets into the database."""

    __slots__ = ()


class EncryptedAttribute(DeferredAttribute):
    """Decrypts on first read, with the instance's ``public_id``, and keeps the plaintext."""

    field: EncryptedTextField[Any, Any]

    def __get__(self, instance: models.Model | None, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)  # loads the column if it was deferred
        if isinstance(value, StoredCiphertext):
            associated_data = self.field.associated_data(instance.public_id)  # type: ignore[attr-defined]
            plaintext = crypto.decrypt_text(value.token, associated_data)
            instance.__dict__[self.field.attname] = plaintext
            instance.__dict__[self.field.cache_name] = (value, plaintext, associated_data)
            return plaintext
        return value

    def __set__(self, instance: models.Model, value: Any) -> None:
        # Model.__init__ hands over StoredCiphertext from the database, plaintext otherwise.
        instance.__dict__[self.field.attname] = value


#: The types Django's stubs give a text field's value when set and when read.
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class EncryptedTextField(models.TextField[_ST, _GT]):
    """A ``TextField`` stored encrypted. See the module docstring for what is refused."""

    descriptor_class = EncryptedAttribute

    @property
    def cache_name(self) -> str:
        return f"_{self.attname}_decrypted"

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        names = {f.name for f in self.model._meta.get_fields()}
        if "public_id" not in names:
            errors.append(
                checks.Error(
                    "EncryptedTextField binds ciphertext to the row's public_id; "
                    f"{self.model._meta.label} has none",
                    obj=self,
                    id="dueregard.E001",
                )
            )
        return errors

    def associated_data(self, public_id: object) -> str:
        """What binds a value to this table, the row with ``public_id`` and this field."""
        if public_id is None:
            raise ValueError("an encrypted field needs the row's public_id")
        return crypto.field_associated_data(self.model._meta.db_table, public_id, self.attname)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        return None if value is None else StoredCiphertext(value)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None:
            return None
        associated_data = self.associated_data(model_instance.public_id)  # type: ignore[attr-defined]
        current = crypto.keyring().current_id
        if isinstance(value, StoredCiphertext):
            # Never read: prove it belongs to this row (and re-key it if it is old).
            if value.key_id == current:
                crypto.decrypt_text(value.token, associated_data)
                return Sealed(value.token)
            value = crypto.decrypt_text(value.token, associated_data)
        cached = model_instance.__dict__.get(self.cache_name)
        if cached is not None:
            stored, plaintext, cached_data = cached
            if plaintext == value and cached_data == associated_data and stored.key_id == current:
                return Sealed(stored.token)  # unchanged: keep the ciphertext as it is
        return Sealed(crypto.encrypt_text(str(value), associated_data))

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return str(value)
        if isinstance(value, StoredCiphertext):
            return value.token
        raise TypeError(
            f"{self.model._meta.label}.{self.name} is encrypted: it cannot be filtered on "
            "or written with QuerySet.update(); set it on the instance and save()"
        )


def encrypt_columns(
    model: type[models.Model],
    field_names: list[str],
    *,
    decrypt: bool = False,
    batch_size: int = 500,
) -> int:
    """Encrypt (or, with ``decrypt``, decrypt) the text already in some columns.

    For data migrations, run with the historical model *before* its ``AlterField`` to
    ``EncryptedTextField`` (so the columns still read as plain text). Idempotent: a value
    already in the wanted form is left alone. Returns the number of rows changed.
    """
    table = model._meta.db_table
    manager = model._base_manager
    changed = 0
    last = None
    while True:
        batch = manager.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        rows = list(batch.values_list("pk", "public_id", *field_names)[:batch_size])
        if not rows:
            return changed
        for pk, public_id, *values in rows:
            changes = {}
            for name, value in zip(field_names, values, strict=True):
                if value is None:
                    continue
                associated_data = crypto.field_associated_data(table, public_id, name)
                if _is_token(value) == decrypt:
                    changes[name] = (
                        crypto.decrypt_text(value, associated_data)
                        if decrypt
                        else crypto.encrypt_text(value, associated_data)
                    )
            if changes:
                manager.filter(pk=pk).update(**changes)
                changed += 1
        last = rows[-1][0]


def _is_token(value: str) -> bool:
    try:
        crypto.text_key_id(value)
    except crypto.DecryptionError:
        return False
    return True
