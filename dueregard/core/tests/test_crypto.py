"""Encryption at rest: AES-GCM bound to table, row and field; a wrong key is an error.

Every name and story here is invented.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases import services
from dueregard.cases.models import (
    BreakGlass,
    Case,
    ChronologyEntry,
    Decision,
    DecisionKind,
    Note,
    Review,
    ReviewStatus,
)
from dueregard.cases.tests.builders import categorise
from dueregard.concerns.models import Attachment, Concern
from dueregard.concerns.services import NewConcern, raise_concern, read_attachment
from dueregard.core import crypto
from dueregard.core.fields import StoredCiphertext, encrypt_columns
from dueregard.core.management.commands.rotate_keys import encrypted_models
from dueregard.organisations.models import Membership
from dueregard.people.models import Person

NARRATIVE = "Invented narrative: Robin drew a symbol on the desk."
RATIONALE = "Invented rationale: mentoring first."
NOTE = "Invented note: spoke to the tutor."
REVIEW = "Invented review: engaging well."
OUTCOME = "Invented outcome: support worked."
MONITOR = "Invented monitoring rationale: term two."
BREAK_GLASS = "Invented reason: covering the lead."
UNKNOWN = "Invented description: a visitor in a grey coat."
PARTY = "Invented description: an older friend, name not known."
ACTION = "Invented action: weekly mentoring with the tutor."
FILE = b"Invented statement: Robin said it twice."
SECRETS = [
    NARRATIVE,
    RATIONALE,
    NOTE,
    REVIEW,
    OUTCOME,
    MONITOR,
    BREAK_GLASS,
    UNKNOWN,
    PARTY,
    ACTION,
]
#: The apps whose encrypted columns ``record_everything`` fills (others test their own).
APPS = ("concerns", "cases")


def key(key_id: str) -> str:
    """A fresh random keyring entry."""
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode()}"


def record_everything(
    dsl: Membership, deputy: Membership, teacher: Membership, learner: Person
) -> Case:
    """A restricted, monitored case with a value in every encrypted field, and a file."""
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now() - timedelta(hours=1),
            location="Library",
            narrative=NARRATIVE,
            people=[learner],
            unknown_subject=UNKNOWN,
            attachments=[SimpleUploadedFile("statement.txt", FILE)],
        ),
    )
    case = services.open_case_from_concern(dsl, concern)
    services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale=RATIONALE)
    services.add_party(dsl, case, description=PARTY, role="other")
    action = services.add_action(
        dsl, case, description=ACTION, owner=dsl.user, due_on=timezone.localdate()
    )
    services.set_action_status(dsl, action, "done")
    services.add_note(dsl, case, body=NOTE)
    review = case.reviews.get(status=ReviewStatus.SCHEDULED)
    services.hold_review(dsl, review, summary=REVIEW, outcome="continue")
    services.close_case(dsl, categorise(dsl, case), outcome_summary=OUTCOME)
    services.set_monitor(
        dsl, case, rationale=MONITOR, review_on=timezone.localdate() + timedelta(days=30)
    )
    services.restrict_case(dsl, case, [dsl.user])
    services.break_glass(deputy, case, reason=BREAK_GLASS)
    return Case.objects.get(pk=case.pk)


def raw_column(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608 - our own names
        return [row[0] for row in cursor.fetchall()]


def set_raw(table: str, column: str, value: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


# --- The primitives -------------------------------------------------------------------


def test_text_round_trips_and_each_encryption_differs():
    first = crypto.encrypt_text("Zoë said “hello”", "t|1|f")
    second = crypto.encrypt_text("Zoë said “hello”", "t|1|f")

    assert first.startswith("enc1:dev:")
    assert first != second  # a fresh random nonce every time
    assert crypto.decrypt_text(first, "t|1|f") == "Zoë said “hello”"
    assert crypto.decrypt_bytes(crypto.encrypt_bytes(FILE, "a|1"), "a|1") == FILE


def test_a_ciphertext_decrypts_only_where_it_was_written():
    token = crypto.encrypt_text(NOTE, crypto.field_associated_data("cases_note", "r1", "body"))

    for table, row, field in [
        ("cases_note", "r2", "body"),  # another row
        ("cases_chronologyentry", "r1", "body"),  # another table
        ("cases_note", "r1", "summary"),  # another field
    ]:
        with pytest.raises(crypto.DecryptionError, match="does not decrypt"):
            crypto.decrypt_text(token, crypto.field_associated_data(table, row, field))


def test_a_wrong_key_is_an_error_never_ciphertext(settings):
    token = crypto.encrypt_text(NOTE, "ad")

    settings.ENCRYPTION_KEYS = key("dev")  # same id, other key material
    with pytest.raises(crypto.DecryptionError, match="key 'dev' does not decrypt"):
        crypto.decrypt_text(token, "ad")

    settings.ENCRYPTION_KEYS = key("other")
    with pytest.raises(crypto.DecryptionError, match="key 'dev', which is not in"):
        crypto.decrypt_text(token, "ad")


@pytest.mark.parametrize(
    "value",
    [NOTE, "enc1:dev:", "enc1:dev:not base64!", "enc1:dev:" + base64.b64encode(b"short").decode()],
)
def test_anything_that_is_not_a_ciphertext_is_refused(value):
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt_text(value, "ad")


def test_a_tampered_ciphertext_is_refused():
    token = crypto.encrypt_text(NOTE, "ad")
    blob = bytearray(base64.b64decode(token.split(":")[2]))
    blob[-1] ^= 1
    with pytest.raises(crypto.DecryptionError, match="altered"):
        crypto.decrypt_text("enc1:dev:" + base64.b64encode(bytes(blob)).decode(), "ad")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "holds no keys"),
        ("nokey", "must be id:base64key"),
        ("bad id:" + base64.b64encode(b"k" * 32).decode(), "must be id:base64key"),
        ("a:not-base64!", "is not valid base64"),
        ("a:" + base64.b64encode(b"k" * 16).decode(), "must be 32 bytes"),
        (key("a") + "," + key("a"), "names key 'a' twice"),
    ],
)
def test_a_malformed_keyring_is_refused_without_showing_key_material(text, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        crypto.parse_keyring(text)
    assert base64.b64encode(b"k" * 32).decode() not in str(error.value)


def test_the_last_key_encrypts_and_every_key_decrypts(settings):
    settings.ENCRYPTION_KEYS = key("old")
    old = crypto.encrypt_text(NOTE, "ad")
    settings.ENCRYPTION_KEYS = settings.ENCRYPTION_KEYS + "," + key("new")

    assert crypto.encrypt_text(NOTE, "ad").startswith("enc1:new:")
    assert crypto.decrypt_text(old, "ad") == NOTE


def test_the_dev_key_is_not_derived_from_secret_key():
    material = base64.b64decode(crypto.DEV_KEYRING.split(":")[1])
    assert django_settings.SECRET_KEY.encode() not in material
    assert material not in django_settings.SECRET_KEY.encode()


# --- The models -----------------------------------------------------------------------


def test_no_plaintext_reaches_the_database(private_root, dsl, deputy, teacher, learner):
    record_everything(dsl, deputy, teacher, learner)

    columns = 0
    for model, fields in encrypted_models():
        if model._meta.app_label not in APPS:
            continue
        for field in fields:
            values = [v for v in raw_column(model._meta.db_table, field.column) if v is not None]
            assert values, f"no rows in {model._meta.label} to check"
            assert all(value.startswith("enc1:dev:") for value in values), model
            columns += 1
            stored = " ".join(values)
            assert not [text for text in SECRETS if text in stored]
    assert columns == 11
    (stored_file,) = [p for p in private_root.rglob("*") if p.is_file()]
    assert stored_file.read_bytes().startswith(b"enc1:dev:")
    assert b"Robin" not in stored_file.read_bytes()


def test_models_read_back_plaintext(private_root, dsl, deputy, teacher, learner):
    case = record_everything(dsl, deputy, teacher, learner)

    assert Concern.objects.get(case=case).narrative == NARRATIVE
    assert case.outcome_summary == OUTCOME
    assert case.monitor_rationale == MONITOR
    assert Decision.objects.get(case=case).rationale == RATIONALE
    assert Note.objects.get(case=case).body == NOTE
    assert Review.objects.get(case=case, status=ReviewStatus.HELD).summary == REVIEW
    assert BreakGlass.objects.get(case=case).reason == BREAK_GLASS
    chronology = " ".join(entry.body for entry in case.chronology.all())
    assert all(text in chronology for text in [NOTE, RATIONALE, OUTCOME, BREAK_GLASS])
    # Deferred loading decrypts too.
    assert Case.objects.only("reference").get(pk=case.pk).outcome_summary == OUTCOME
    assert read_attachment(Attachment.objects.get()) == FILE


def test_the_case_and_concern_pages_show_plaintext(
    client, private_root, dsl, deputy, teacher, learner
):
    case = record_everything(dsl, deputy, teacher, learner)
    login(client, dsl)

    page = client.get(reverse("cases:detail", kwargs={"public_id": case.public_id}))
    assert page.status_code == 200
    html = page.content.decode()
    for text in [RATIONALE, NOTE, REVIEW, OUTCOME, MONITOR, BREAK_GLASS]:
        assert text in html, text
    assert "enc1:" not in html
    concern = Concern.objects.get(case=case)
    page = client.get(reverse("concerns:detail", kwargs={"public_id": concern.public_id}))
    assert NARRATIVE in page.content.decode()
    assert "enc1:" not in page.content.decode()


def test_an_attachment_downloads_decrypted(client, private_root, dsl, teacher, learner):
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now(),
            location="Library",
            narrative=NARRATIVE,
            people=[learner],
            attachments=[SimpleUploadedFile("statement.txt", FILE)],
        ),
    )
    attachment = concern.attachments.get()
    login(client, dsl)

    response = client.get(
        reverse("concerns:attachment", kwargs={"public_id": attachment.public_id})
    )

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == FILE
    assert FILE not in Path(attachment.file.path).read_bytes()


def test_an_attachment_file_swapped_onto_another_attachment_does_not_decrypt(
    private_root, teacher, learner
):
    files = [SimpleUploadedFile("a.txt", b"first"), SimpleUploadedFile("b.txt", b"second")]
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now(),
            location="Library",
            narrative=NARRATIVE,
            people=[learner],
            attachments=files,
        ),
    )
    first, second = concern.attachments.order_by("pk")
    Path(second.file.path).write_bytes(Path(first.file.path).read_bytes())

    with pytest.raises(crypto.DecryptionError):
        read_attachment(second)


def test_a_ciphertext_copied_to_another_row_or_field_does_not_decrypt(dsl, teacher, learner):
    case = services.open_case_from_concern(dsl, raise_concern_for(teacher, learner))
    first = services.add_note(dsl, case, body="First invented note.")
    second = services.add_note(dsl, case, body="Second invented note.")
    entry = ChronologyEntry.objects.filter(case=case).latest("id")

    set_raw("cases_note", "body", raw_column_of("cases_note", "body", first.pk), second.pk)
    set_raw(
        "cases_chronologyentry", "body", raw_column_of("cases_note", "body", first.pk), entry.pk
    )

    assert Note.objects.get(pk=first.pk).body == "First invented note."
    with pytest.raises(crypto.DecryptionError, match="copied from another record"):
        _ = Note.objects.get(pk=second.pk).body
    with pytest.raises(crypto.DecryptionError):
        _ = ChronologyEntry.objects.get(pk=entry.pk).body


def test_a_wrong_key_fails_the_page_rather_than_showing_ciphertext(
    client, settings, dsl, teacher, learner
):
    concern = raise_concern_for(teacher, learner)
    login(client, dsl)
    settings.ENCRYPTION_KEYS = key("dev")  # the same id with other material

    with pytest.raises(crypto.DecryptionError):
        client.get(reverse("concerns:detail", kwargs={"public_id": concern.public_id}))


def test_plaintext_left_in_a_column_is_an_error_not_text(dsl, teacher, learner):
    concern = raise_concern_for(teacher, learner)
    set_raw("concerns_concern", "narrative", NARRATIVE, concern.pk)

    with pytest.raises(crypto.DecryptionError, match="not an encrypted value"):
        _ = Concern.objects.get(pk=concern.pk).narrative


def test_filtering_updating_or_printing_an_encrypted_column_is_refused(dsl, teacher, learner):
    raise_concern_for(teacher, learner)

    with pytest.raises(TypeError, match="is encrypted"):
        Concern.objects.filter(narrative=NARRATIVE).exists()
    with pytest.raises(TypeError, match="is encrypted"), transaction.atomic():
        Concern.objects.update(narrative="Overwritten in plaintext")
    (value,) = Concern.objects.values_list("narrative", flat=True)
    assert isinstance(value, StoredCiphertext)
    with pytest.raises(TypeError, match="read it from the model instance"):
        str(value)


def test_saving_again_keeps_an_unchanged_ciphertext_and_rewrites_a_changed_one(
    dsl, teacher, learner
):
    case = services.open_case_from_concern(dsl, raise_concern_for(teacher, learner))
    services.close_case(dsl, categorise(dsl, case), outcome_summary=OUTCOME)
    before = raw_column_of("cases_case", "outcome_summary", case.pk)

    case = Case.objects.get(pk=case.pk)
    assert case.outcome_summary == OUTCOME
    case.save()
    assert raw_column_of("cases_case", "outcome_summary", case.pk) == before

    case.outcome_summary = "Invented corrected outcome."
    case.save()
    assert raw_column_of("cases_case", "outcome_summary", case.pk) != before
    assert Case.objects.get(pk=case.pk).outcome_summary == "Invented corrected outcome."


def test_a_copied_instance_with_a_new_public_id_cannot_carry_old_ciphertext(dsl, teacher, learner):
    concern = raise_concern_for(teacher, learner)
    clone = Concern.objects.get(pk=concern.pk)  # narrative never read
    clone.pk = None
    clone.public_id = uuid.uuid4()
    clone.reference = "CLONE-1"

    with pytest.raises(crypto.DecryptionError):
        clone.save()


# --- The data migration ---------------------------------------------------------------


def test_the_migration_step_encrypts_existing_plaintext_and_reverses(dsl, teacher, learner):
    concern = raise_concern_for(teacher, learner)
    set_raw("concerns_concern", "narrative", NARRATIVE, concern.pk)
    state = MigrationExecutor(connection).loader.project_state(("concerns", "0002_reference_data"))
    historical = state.apps.get_model("concerns", "Concern")

    assert encrypt_columns(historical, ["narrative"]) == 1
    assert raw_column_of("concerns_concern", "narrative", concern.pk).startswith("enc1:dev:")
    assert Concern.objects.get(pk=concern.pk).narrative == NARRATIVE
    assert encrypt_columns(historical, ["narrative"]) == 0  # idempotent

    assert encrypt_columns(historical, ["narrative"], decrypt=True) == 1
    assert raw_column_of("concerns_concern", "narrative", concern.pk) == NARRATIVE


# --- Settings -------------------------------------------------------------------------

PRODUCTION_ENV = {
    "DUEREGARD_PROFILE": "production",
    "SECRET_KEY": base64.b64encode(os.urandom(48)).decode(),
    "ALLOWED_HOSTS": "dueregard.example",
    "DATABASE_URL": "postgresql://dueregard@127.0.0.1:5432/dueregard",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_HOST": "smtp.dueregard.example",
    "DEFAULT_FROM_EMAIL": "dueregard@dueregard.example",
    "SITE_URL": "https://dueregard.example",
    "DUEREGARD_AUDIT_KEYS": "ci:" + base64.b64encode(os.urandom(32)).decode(),
}


def check(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``manage.py check`` in a child with only ``env`` (no PYTEST_VERSION: production)."""
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, str(django_settings.BASE_DIR / "manage.py"), "check"],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "DUEREGARD_VAR_DIR": str(tmp_path / "var"),
            **env,
        },
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (None, "DUEREGARD_ENCRYPTION_KEYS must be set in the production profile"),
        (crypto.DEV_KEYRING, "DUEREGARD_ENCRYPTION_KEYS holds the published dev key"),
        ("k1:short", "DUEREGARD_ENCRYPTION_KEYS key 'k1' is not valid base64"),
    ],
    ids=["missing", "dev-key", "malformed"],
)
def test_production_refuses_to_start_without_a_proper_keyring(keys, message, tmp_path):
    env = dict(PRODUCTION_ENV)
    if keys is not None:
        env["DUEREGARD_ENCRYPTION_KEYS"] = keys
    completed = check(env, tmp_path)
    assert completed.returncode != 0
    # manage.py says why plainly and lists the profiles (never a traceback).
    assert "the settings did not load" in completed.stderr
    assert message in completed.stderr


def test_production_starts_with_a_keyring_from_a_file(tmp_path):
    key_file = tmp_path / "keys"
    key_file.write_text(key("2026-01") + "," + key("2026-02") + "\n", encoding="utf-8")
    completed = check({**PRODUCTION_ENV, "DUEREGARD_ENCRYPTION_KEYS_FILE": str(key_file)}, tmp_path)
    assert completed.returncode == 0, completed.stderr


# --- Helpers --------------------------------------------------------------------------


def raise_concern_for(teacher: Membership, learner: Person) -> Concern:
    return raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now(),
            location="Library",
            narrative=NARRATIVE,
            people=[learner],
        ),
    )


def raw_column_of(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]
