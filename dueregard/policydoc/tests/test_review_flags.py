"""A change in law or guidance flags the Prevent policy and the policies linked to it for
review, on the register and the dashboard, until a review or a new version is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError
from dueregard.organisations.models import Membership
from dueregard.policies import services as policies
from dueregard.policies.models import Policy, ReviewFlag
from dueregard.policies.tests.test_policies import add_version, make_policy
from dueregard.policydoc import services as policydoc
from dueregard.risks import services as risks

pytestmark = pytest.mark.usefixtures("working_day")


def _prevent_policy(dsl: Membership) -> Policy:
    policydoc.publish_policy(dsl, policydoc.ensure_policy(dsl.organisation), summary="First")
    return Policy.objects.get(generated=True)


def _change(dsl: Membership) -> None:
    risks.record_guidance_change(
        dsl,
        changed_on=timezone.localdate() - timedelta(days=1),
        description="Revised Prevent duty guidance in force",
    )


def test_a_change_flags_the_prevent_policy_and_those_linked_to_it(dsl: Membership) -> None:
    prevent = _prevent_policy(dsl)
    linked = make_policy(dsl, title="Online safety policy")
    linked.linked.add(prevent)
    make_policy(dsl, title="Car parking policy")
    _change(dsl)
    flagged = {f.policy.title for f in policies.open_review_flags(Policy.objects.all())}
    assert flagged == {prevent.title, "Online safety policy"}
    assert AuditEvent.objects.filter(code="policy.flagged_for_review").count() == 2


def test_a_review_or_a_new_version_clears_the_flag(dsl: Membership) -> None:
    prevent = _prevent_policy(dsl)
    linked = make_policy(dsl, title="Online safety policy")
    linked.linked.add(prevent)
    add_version(
        dsl,
        linked,
        approved_on=timezone.localdate() - timedelta(days=30),
        effective_on=timezone.localdate() - timedelta(days=30),
    )
    _change(dsl)
    assert policies.open_review_flags(Policy.objects.all()).count() == 2
    policies.record_review(dsl, linked, reviewed_on=timezone.localdate(), note="Checked.")
    add_version(dsl, prevent)
    assert not policies.open_review_flags(Policy.objects.all()).exists()
    # The flags themselves stay: why a review was asked for is history.
    assert ReviewFlag.objects.count() == 2


def test_a_refused_change_flags_nothing(dsl: Membership) -> None:
    _prevent_policy(dsl)
    with pytest.raises(DomainError):
        risks.record_guidance_change(
            dsl, changed_on=timezone.localdate() + timedelta(days=1), description="Future"
        )
    assert not ReviewFlag.objects.exists()


def test_the_flag_shows_on_the_register_the_policy_and_the_dashboard(
    client: Client, dsl: Membership, governor: Membership
) -> None:
    prevent = _prevent_policy(dsl)
    _change(dsl)
    login(client, governor)
    register = client.get(reverse("policies:list")).content.decode()
    assert "Review needed" in register
    assert "Revised Prevent duty guidance in force" in register
    page = client.get(reverse("policies:detail", args=[prevent.public_id])).content.decode()
    assert 'id="review-flags"' in page
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert "A change in law or guidance asks for a review of:" in dashboard
    policies.record_review(dsl, prevent, reviewed_on=timezone.localdate(), note="Checked.")
    dashboard = client.get(reverse("reports:dashboard")).content.decode()
    assert "A change in law or guidance asks for a review of:" not in dashboard
