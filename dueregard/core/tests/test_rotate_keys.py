"""``manage.py rotate_keys``: everything moves to the newest key; old keys can then go.

Every name and story here is invented.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from dueregard.cases.models import (
    BreakGlass,
    Case,
    ChronologyEntry,
    Decision,
    Note,
    Review,
    ReviewStatus,
)
from dueregard.concerns.models import Attachment, Concern
from dueregard.concerns.services import read_attachment
from dueregard.core import crypto
from dueregard.core.fields import EncryptedTextField
from dueregard.core.management.commands.rotate_keys import encrypted_models
from dueregard.core.personal_data import registry
from dueregard.core.sealed_files import SealedFileField
from dueregard.core.tests.test_crypto import (
    BREAK_GLASS,
    FILE,
    MONITOR,
    NARRATIVE,
    NOTE,
    OUTCOME,
    RATIONALE,
    REVIEW,
    key,
    raw_column,
    record_everything,
)


def rotate(*args: str) -> str:
    out = io.StringIO()
    call_command("rotate_keys", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def key_ids_in_use(private_root: Path) -> set[str]:
    """Every key id in any encrypted column or attachment file, read raw."""
    ids = set()
    for model, fields in encrypted_models():
        for field in fields:
            values = raw_column(model._meta.db_table, field.column)
            ids |= {crypto.text_key_id(v) for v in values if v is not None}
    for path in private_root.rglob("*"):
        if path.is_file():
            ids.add(crypto.bytes_key_id(path.read_bytes()[:64]))
    return ids


def assert_everything_reads(case: Case) -> None:
    case = Case.objects.get(pk=case.pk)
    assert case.outcome_summary == OUTCOME
    assert case.monitor_rationale == MONITOR
    assert Concern.objects.get(case=case).narrative == NARRATIVE
    assert Decision.objects.get(case=case).rationale == RATIONALE
    assert Note.objects.get(case=case).body == NOTE
    assert Review.objects.get(case=case, status=ReviewStatus.HELD).summary == REVIEW
    assert BreakGlass.objects.get(case=case).reason == BREAK_GLASS
    chronology = " ".join(entry.body for entry in ChronologyEntry.objects.filter(case=case))
    assert all(text in chronology for text in [NOTE, RATIONALE, OUTCOME, BREAK_GLASS])
    assert read_attachment(Attachment.objects.get()) == FILE


def test_two_rotations_leave_everything_under_the_newest_key_alone(
    settings, private_root, dsl, deputy, teacher, learner
):
    a, b, c = key("a"), key("b"), key("c")
    settings.ENCRYPTION_KEYS = a
    case = record_everything(dsl, deputy, teacher, learner)
    updated_at = Case.objects.get(pk=case.pk).updated_at
    assert key_ids_in_use(private_root) == {"a"}

    # Add B: new writes use it, old rows still read; rotate.
    settings.ENCRYPTION_KEYS = f"{a},{b}"
    assert_everything_reads(case)
    output = rotate()
    assert key_ids_in_use(private_root) == {"b"}
    assert "cases.Note: 1 of 1 rows re-encrypted" in output
    assert "concerns.Attachment files: 1 of 1 re-encrypted" in output
    assert "older keys may be removed" in output

    # A is no longer needed: drop it, add C, rotate again.
    settings.ENCRYPTION_KEYS = f"{b},{c}"
    assert_everything_reads(case)
    rotate()
    assert key_ids_in_use(private_root) == {"c"}

    settings.ENCRYPTION_KEYS = c
    assert_everything_reads(case)
    # Re-encrypting changed no content, so the rows were not "updated".
    assert Case.objects.get(pk=case.pk).updated_at == updated_at


def test_rotation_is_idempotent(settings, private_root, dsl, deputy, teacher, learner):
    settings.ENCRYPTION_KEYS = key("a")
    record_everything(dsl, deputy, teacher, learner)
    settings.ENCRYPTION_KEYS += "," + key("b")
    rotate()
    before = {
        (model, field.column): raw_column(model._meta.db_table, field.column)
        for model, fields in encrypted_models()
        for field in fields
    }

    output = rotate()

    assert "cases.ChronologyEntry: 0 of" in output
    assert "concerns.Attachment files: 0 of 1 re-encrypted" in output
    for (model, column), values in before.items():
        assert raw_column(model._meta.db_table, column) == values


def test_chronology_stays_append_only_for_everyone_else(
    settings, private_root, dsl, deputy, teacher, learner
):
    settings.ENCRYPTION_KEYS = key("a")
    record_everything(dsl, deputy, teacher, learner)
    settings.ENCRYPTION_KEYS += "," + key("b")
    rotate()

    with pytest.raises(ValueError, match="never edited"), transaction.atomic():
        ChronologyEntry.objects.update(title="Rewritten")
    entry = ChronologyEntry.objects.first()
    assert entry is not None
    with pytest.raises(ValueError, match="never edited"):
        entry.save()


def test_a_value_under_a_key_no_longer_in_the_ring_stops_the_rotation(
    settings, private_root, dsl, deputy, teacher, learner
):
    settings.ENCRYPTION_KEYS = key("a")
    record_everything(dsl, deputy, teacher, learner)
    settings.ENCRYPTION_KEYS = key("b")  # A removed too early

    with pytest.raises(CommandError, match="key 'a', which is not in DUEREGARD_ENCRYPTION_KEYS"):
        rotate()


def test_new_key_prints_an_entry_the_keyring_accepts(settings):
    entry = rotate("--new-key", "2026-02").strip()

    assert entry.startswith("2026-02:")
    assert crypto.parse_keyring(f"{settings.ENCRYPTION_KEYS},{entry}").current_id == "2026-02"
    with pytest.raises(CommandError, match="a key id is"):
        rotate("--new-key", "no spaces")


def test_every_encrypted_field_and_sealed_file_is_rotated(db, private_root) -> None:
    """Rotation reads the registry of personal data: a model with an encrypted field or a
    sealed file that is not declared there would be left under an old key."""
    from django.apps import apps as django_apps

    undeclared = sorted(
        model._meta.label
        for model in django_apps.get_models()
        if any(isinstance(f, (EncryptedTextField, SealedFileField)) for f in model._meta.fields)
        and model not in registry()
    )
    assert not undeclared, f"not rotated (declare personal_data): {undeclared}"

    output = rotate()

    for model, field in registry().files():
        assert f"{model._meta.label} files: 0 of 0 re-encrypted" in output, field.name
    for model, _ in registry().encrypted_fields():
        assert f"{model._meta.label}: 0 of 0 rows re-encrypted" in output
