"""Reviewed, no change: the review is recorded, dates move on, acknowledgements stand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.policies import services
from dueregard.policies.models import Acknowledgement, PolicyReview, PolicyVersion
from dueregard.policies.tests.test_policies import add_version, make_policy
from dueregard.training.compliance import add_months

TODAY = timezone.localdate


def _reviewed_policy(dsl):
    policy = make_policy(dsl, review_in=5)
    add_version(
        dsl,
        policy,
        approved_on=TODAY() - timedelta(days=360),
        effective_on=TODAY() - timedelta(days=360),
    )
    return policy


def test_a_review_moves_the_dates_on_and_keeps_acknowledgements(dsl, teacher) -> None:
    policy = _reviewed_policy(dsl)
    services.acknowledge(teacher, policy)
    review = services.record_review(dsl, policy, reviewed_on=TODAY(), note="Still right.")
    policy.refresh_from_db()
    assert policy.last_reviewed_on == TODAY()
    assert policy.next_review_on == add_months(TODAY(), 12) == review.next_review_on
    assert PolicyVersion.objects.filter(policy=policy).count() == 1
    # The teacher's acknowledgement still covers the version in force.
    assert not services.not_acknowledged(policy, services.current_version(policy)).filter(
        pk=teacher.pk
    )
    assert Acknowledgement.objects.filter(member=teacher).count() == 1
    event = AuditEvent.objects.get(object_id=review.public_id)
    assert event.summary == "Reviewed a policy: no change needed"
    assert event.code == "policy.reviewed"
    assert event.context == {"policy": str(policy.public_id), "reviewed_on": TODAY().isoformat()}
    assert "Still right" not in event.summary


def test_only_managers_review(deputy, governor, teacher, admin, dsl) -> None:
    policy = _reviewed_policy(dsl)
    for member in (deputy, governor):
        services.record_review(member, policy, reviewed_on=TODAY(), note="Checked.")
    for member in (teacher, admin):
        with pytest.raises(NotPermitted):
            services.record_review(member, policy, reviewed_on=TODAY(), note="Checked.")
    assert PolicyReview.objects.count() == 2


@pytest.mark.parametrize(
    ("days", "note"),
    [(-1, "Checked."), (0, "  "), (400, "Checked.")],
    ids=["future", "no note", "already due again"],
)
def test_bad_reviews_are_refused_and_change_nothing(dsl, days: int, note: str) -> None:
    policy = _reviewed_policy(dsl)
    before = policy.next_review_on
    with pytest.raises(DomainError):
        services.record_review(dsl, policy, reviewed_on=TODAY() - timedelta(days=days), note=note)
    policy.refresh_from_db()
    assert policy.next_review_on == before
    assert not PolicyReview.objects.exists()


def test_a_review_cannot_predate_the_last_one_or_come_before_any_version(dsl) -> None:
    policy = _reviewed_policy(dsl)
    services.record_review(dsl, policy, reviewed_on=TODAY(), note="Checked.")
    with pytest.raises(DomainError, match="last reviewed"):
        services.record_review(
            dsl, policy, reviewed_on=TODAY() - timedelta(days=1), note="Checked."
        )
    empty = make_policy(dsl, title="Visitors policy")
    with pytest.raises(DomainError, match="no version"):
        services.record_review(dsl, empty, reviewed_on=TODAY(), note="Checked.")


def test_the_review_page_records_it_and_the_policy_page_lists_it(
    client: Client, dsl, governor
) -> None:
    policy = _reviewed_policy(dsl)
    login(client, governor)
    page = client.get(reverse("policies:detail", kwargs={"public_id": policy.public_id}))
    assert reverse("policies:review", kwargs={"public_id": policy.public_id}) in page.text
    url = reverse("policies:review", kwargs={"public_id": policy.public_id})
    response = client.post(url, {"reviewed_on": TODAY().isoformat(), "note": "Law unchanged."})
    assert response.status_code == 302
    page = client.get(reverse("policies:detail", kwargs={"public_id": policy.public_id}))
    assert "Law unchanged." in page.text
    assert "Reviews with no change" in page.text
    bad = client.post(url, {"reviewed_on": "2026-02-31", "note": ""})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.text
    assert PolicyReview.objects.count() == 1


def test_an_acknowledgement_is_audited_with_its_version(dsl, teacher) -> None:
    policy = _reviewed_policy(dsl)
    ack = services.acknowledge(teacher, policy)
    event = AuditEvent.objects.get(object_id=ack.public_id)
    assert event.code == "policy_version.acknowledged"
    assert event.context == {"policy": str(policy.public_id), "version": ack.version.number}
    assert event.summary == "Acknowledged a version of a policy"
