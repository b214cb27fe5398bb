"""Files chosen on the concern form survive a validation error: held encrypted for the
member who chose them, listed on the re-shown form, attached when the form is sent."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import login
from dueregard.concerns.models import Attachment, Concern, PendingUpload
from dueregard.concerns.services import hold_uploads, read_attachment
from dueregard.concerns.tasks import purge_expired_uploads
from dueregard.organisations.models import Role
from dueregard.testing.factories import make_member

URL = "/concerns/raise/details/?danger=no"
NOTE = b"An invented note for the held-upload tests."


@pytest.fixture
def private_root(settings, tmp_path: Path) -> Path:
    root = tmp_path / "private"
    settings.PRIVATE_FILES_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root


def _details(**extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "unknown_subject": "Learner in a red coat",
        "observed_on": timezone.localdate().isoformat(),
        "location": "Canteen",
        "narrative": "Was heard repeating slogans from a video in the canteen queue.",
    }
    data.update(extra)
    return data


def _note(name: str = "note.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, NOTE, content_type="text/plain")


def test_a_file_chosen_before_an_error_is_held_shown_and_attached_on_sending(
    client, private_root, teacher, django_capture_on_commit_callbacks
):
    login(client, teacher)

    response = client.post(URL, _details(narrative="", attachments=[_note("photo.txt")]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Describe what you saw or heard" in page
    held = PendingUpload.objects.get()
    assert held.membership == teacher
    assert "Attached: photo.txt (remove)" in page
    assert f'name="held" value="{held.public_id}"' in page
    # Encrypted at rest under a random name.
    stored = Path(held.file.path)
    assert stored.is_relative_to(private_root) and "photo" not in stored.name
    assert NOTE not in stored.read_bytes()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, _details(held=[str(held.public_id)]))

    assert response.status_code == 302
    attachment = Concern.objects.get().attachments.get()
    assert attachment.original_name == "photo.txt"
    assert read_attachment(attachment) == NOTE
    assert not PendingUpload.objects.exists()
    assert not stored.exists()


def test_a_ticked_held_file_is_removed_and_not_attached(client, private_root, teacher):
    login(client, teacher)
    client.post(URL, _details(location="", attachments=[_note("keep.txt"), _note("drop.txt")]))
    keep, drop = PendingUpload.objects.order_by("original_name").reverse()
    assert (keep.original_name, drop.original_name) == ("keep.txt", "drop.txt")
    drop_path = Path(drop.file.path)

    response = client.post(
        URL,
        _details(
            held=[str(keep.public_id), str(drop.public_id)], remove_held=[str(drop.public_id)]
        ),
    )

    assert response.status_code == 302
    names = list(Concern.objects.get().attachments.values_list("original_name", flat=True))
    assert names == ["keep.txt"]
    assert not PendingUpload.objects.exists()
    assert not drop_path.exists()


def test_another_member_cannot_claim_a_held_file(client, private_root, org, teacher):
    other = make_member(org, Role.STAFF, "other@larkfield.example")
    theirs, _ = hold_uploads(teacher, [_note("theirs.txt")])
    login(client, other)

    page = client.post(URL, _details(location="", held=[str(theirs[0].public_id)]))
    assert "theirs.txt" not in page.content.decode()
    response = client.post(URL, _details(held=[str(theirs[0].public_id), "not-a-uuid"]))

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert PendingUpload.objects.get() == theirs[0]


def test_an_expired_held_file_is_not_attached_and_the_task_purges_it(client, private_root, teacher):
    login(client, teacher)
    with time_machine.travel(timezone.now() - timedelta(hours=3), tick=False):
        held, _ = hold_uploads(teacher, [_note("old.txt")])
    fresh, _ = hold_uploads(teacher, [_note("fresh.txt")])
    old_path = Path(held[0].file.path)

    response = client.post(URL, _details(location="", held=[str(held[0].public_id)]))
    assert "old.txt" not in response.content.decode()

    assert purge_expired_uploads.call() == 1

    assert list(PendingUpload.objects.all()) == fresh
    assert not old_path.exists()


def test_a_refused_file_is_named_and_the_good_one_still_held(client, private_root, teacher):
    login(client, teacher)

    response = client.post(
        URL,
        _details(
            narrative="",
            attachments=[_note("good.txt"), SimpleUploadedFile("bad.exe", b"MZ", "text/plain")],
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "bad.exe: The file must be one of these types" in page
    assert [p.original_name for p in PendingUpload.objects.all()] == ["good.txt"]
