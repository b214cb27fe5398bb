"""The policy register: versions, review dates, acknowledgements, reminders, generated policy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.cases.tasks import remind_overdue
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.notifications.models import Alert
from dueregard.policies import services
from dueregard.policies.models import Policy, PolicyReminder, PolicyVersion

TODAY = timezone.localdate


def make_policy(dsl, *, review_in: int = 100, title: str = "Safeguarding policy") -> Policy:
    return services.create_policy(
        dsl,
        services.PolicyDetails(
            title=title,
            owner=dsl.user,
            review_interval_months=12,
            next_review_on=TODAY() + timedelta(days=review_in),
        ),
    )


def add_version(dsl, policy: Policy, **extra: Any) -> PolicyVersion:
    data: dict[str, Any] = {
        "summary": "Annual review",
        "approved_by": "Board of governors",
        "approved_on": TODAY(),
        "effective_on": TODAY(),
        "text": "Invented policy text.",
    }
    data.update(extra)
    return services.add_version(dsl, policy, **data)


def test_a_new_version_moves_the_review_dates(dsl) -> None:
    policy = make_policy(dsl)
    add_version(dsl, policy)
    second = add_version(dsl, policy, summary="Updated contacts")
    policy.refresh_from_db()
    assert second.number == 2
    assert policy.last_reviewed_on == TODAY()
    assert policy.next_review_on.year == TODAY().year + 1


def test_dates_in_the_wrong_order_are_refused(dsl) -> None:
    policy = make_policy(dsl)
    with pytest.raises(DomainError):
        add_version(dsl, policy, effective_on=TODAY() - timedelta(days=1))
    with pytest.raises(DomainError):
        add_version(
            dsl,
            policy,
            approved_on=TODAY() + timedelta(days=1),
            effective_on=TODAY() + timedelta(days=2),
        )
    add_version(dsl, policy)
    with pytest.raises(DomainError):
        add_version(dsl, policy, approved_on=TODAY() - timedelta(days=10), effective_on=TODAY())
    assert policy.versions.count() == 1


def test_staff_acknowledge_the_current_version_once(client: Client, dsl, teacher, deputy) -> None:
    policy = make_policy(dsl)
    add_version(dsl, policy)
    services.acknowledge(teacher, policy)
    with pytest.raises(DomainError):
        services.acknowledge(teacher, policy)
    missing = list(services.not_acknowledged(policy, services.current_version(policy)))
    assert teacher not in missing and deputy in missing
    add_version(dsl, policy, summary="v2")
    missing = list(services.not_acknowledged(policy, services.current_version(policy)))
    assert teacher in missing  # a new version needs reading again
    login(client, dsl)
    page = client.get(reverse("policies:outstanding", args=[policy.public_id])).content.decode()
    assert "Terry Tutor" in page


def test_acknowledge_through_the_page(client: Client, dsl, teacher) -> None:
    policy = make_policy(dsl)
    add_version(dsl, policy)
    login(client, teacher)
    page = client.get(reverse("policies:detail", args=[policy.public_id])).content.decode()
    assert "I have read version 1" in page
    response = client.post(reverse("policies:acknowledge", args=[policy.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("policies:detail", args=[policy.public_id])
    page = client.get(reverse("policies:detail", args=[policy.public_id])).content.decode()
    assert "You confirmed you read version 1" in page
    # Pressed again (a second tab): refused, 409 with the reason, nothing written.
    again = client.post(reverse("policies:acknowledge", args=[policy.public_id]))
    assert again.status_code == 409
    assert "govuk-error-summary" in again.content.decode()
    assert policy.versions.get().acknowledgements.count() == 1


def test_inspectors_cannot_acknowledge(inspector, dsl) -> None:
    policy = make_policy(dsl)
    add_version(dsl, policy)
    with pytest.raises(NotPermitted):
        services.acknowledge(inspector, policy)


def test_uploaded_file_is_checked_and_kept_encrypted(client: Client, dsl, teacher) -> None:
    policy = make_policy(dsl)
    with pytest.raises(DomainError):
        add_version(dsl, policy, text="", upload=SimpleUploadedFile("policy.pdf", b"MZ\x90\x00"))
    version = add_version(
        dsl, policy, text="", upload=SimpleUploadedFile("policy.txt", b"Plain policy")
    )
    with version.file.open("rb") as stored:
        assert b"Plain policy" not in stored.read()
    login(client, teacher)
    response = client.get(reverse("policies:version_file", args=[version.public_id]))
    assert response.content == b"Plain policy"
    from dueregard.audit.models import AuditEvent

    event = AuditEvent.objects.filter(object_id=version.public_id).latest("sequence")
    assert (event.actor, event.action) == (teacher.user, "view")


def test_review_reminders_go_to_the_owner_once_per_stage(dsl) -> None:
    make_policy(dsl, review_in=10, title="Online safety")
    make_policy(dsl, review_in=-5, title="Prevent policy")
    make_policy(dsl, review_in=200, title="Visitors")
    remind_overdue.call()
    assert set(PolicyReminder.objects.values_list("stage", flat=True)) == {"due_soon", "overdue"}
    assert Alert.objects.filter(recipient=dsl.user).count() == 1
    Alert.objects.all().update(created_at=timezone.now() - timedelta(days=1))
    remind_overdue.call()
    assert PolicyReminder.objects.count() == 2
    assert Alert.objects.filter(recipient=dsl.user).count() == 1


def test_record_generated_version_creates_then_adds_versions(dsl) -> None:
    first = services.record_generated_version(
        dsl.organisation,
        title="Prevent policy",
        number=1,
        published_by=dsl.user,
        summary="First published",
        document_url_name="policydoc:overview",
    )
    policy = first.policy
    assert policy.generated and policy.source == "dueregard/policydoc"
    again = services.record_generated_version(
        dsl.organisation,
        title="Prevent policy",
        number=1,
        published_by=dsl.user,
        summary="First published",
        document_url_name="policydoc:overview",
    )
    assert again.pk == first.pk
    second = services.record_generated_version(
        dsl.organisation,
        title="Prevent duty policy",
        number=2,
        published_by=dsl.user,
        summary="Contacts updated",
        document_url_name="no-such:url",
    )
    policy.refresh_from_db()
    assert second.policy_id == policy.pk and policy.title == "Prevent duty policy"
    assert second.document_url == ""  # a URL name that does not resolve shows no link, no 500
    with pytest.raises(DomainError):
        services.record_generated_version(
            dsl.organisation,
            title="Prevent policy",
            number=0,
            published_by=dsl.user,
            summary="older than the latest",
            document_url_name="x",
        )
    assert Policy.objects.filter(generated=True).count() == 1


def test_generated_policy_takes_no_hand_made_versions(client: Client, dsl) -> None:
    version = services.record_generated_version(
        dsl.organisation,
        title="Prevent policy",
        number=1,
        published_by=dsl.user,
        summary="First",
        document_url_name="policydoc:overview",
    )
    login(client, dsl)
    response = client.get(reverse("policies:add_version", args=[version.policy.public_id]))
    assert response.status_code == 302
    assert (
        client.get(reverse("policies:detail", args=[version.policy.public_id])).status_code == 200
    )


def test_only_managers_change_the_register(teacher, admin, dsl) -> None:
    for member in (teacher, admin):
        with pytest.raises(NotPermitted):
            make_policy(member)


def test_a_double_click_on_i_have_read_this_is_not_a_500(
    client: Client, dsl, teacher, monkeypatch
) -> None:
    """Two requests at once: the second finds no row yet, then meets the unique constraint."""
    from django.db.models import QuerySet

    from dueregard.policies.models import Acknowledgement

    policy = make_policy(dsl)
    add_version(dsl, policy)
    services.acknowledge(teacher, policy)
    # The second request checked before the first wrote its row.
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(DomainError):
        services.acknowledge(teacher, policy)
    monkeypatch.undo()
    login(client, teacher)
    response = client.post(reverse("policies:acknowledge", args=[policy.public_id]))
    assert response.status_code < 500
    assert Acknowledgement.objects.filter(member=teacher).count() == 1
