"""Step-up: approving a referral, break glass and changing MFA need a fresh factor."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from dueregard.accounts import security
from dueregard.accounts.testing import TEST_TOTP_SECRET, age_sign_in, step_up, totp_code
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.cases import services
from dueregard.cases.models import BreakGlass, CaseStatus
from dueregard.cases.tests.builders import case_in_status
from dueregard.organisations.models import Membership
from dueregard.people.models import Person
from dueregard.referrals.models import ReferralStatus

STALE = 301  # seconds: just past the five-minute window


def _approve_url(referral) -> str:
    return reverse("referrals:approve", kwargs={"public_id": referral.public_id})


def test_approving_a_referral_within_five_minutes_of_entering_a_factor_needs_nothing_more(
    client: Client, dsl: Membership, learner: Person
) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    client.force_login(dsl.user)  # signed in with password and code just now

    assert client.get(_approve_url(case.referrals.get())).status_code == 200


def test_approving_a_referral_later_asks_for_the_code_again_then_approves(
    client: Client, dsl: Membership, learner: Person
) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    referral = case.referrals.get()
    client.force_login(dsl.user)
    age_sign_in(client, dsl.user, STALE)

    assert client.get(_approve_url(referral))["Location"].startswith(reverse("mfa_reauthenticate"))
    response = client.post(_approve_url(referral), {"agency_reference": "PP-9"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.AWAITING_APPROVAL

    # Entering the code replays the suspended approval.
    response = client.post(response["Location"], {"code": totp_code(TEST_TOTP_SECRET)})

    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.APPROVED
    assert AuditEvent.objects.filter(
        action=AuditAction.LOGIN,
        actor=dsl.user,
        code="session.stepped_up",
        context={"factor": "totp"},
    ).exists()


def test_the_step_up_helper_satisfies_the_check(
    client: Client, dsl: Membership, learner: Person
) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    client.force_login(dsl.user)
    age_sign_in(client, dsl.user, STALE)
    step_up(client, dsl.user)

    assert client.get(_approve_url(case.referrals.get())).status_code == 200


def test_a_wrong_code_does_not_step_up(client: Client, dsl: Membership, learner: Person) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    client.force_login(dsl.user)
    age_sign_in(client, dsl.user, STALE)
    url = client.get(_approve_url(case.referrals.get()))["Location"]

    response = client.post(url, {"code": "000000"})

    assert response.status_code == 200  # the form again, with its error
    assert client.get(_approve_url(case.referrals.get())).status_code == 302


def test_break_glass_needs_a_fresh_factor(
    client: Client, dsl: Membership, deputy: Membership, learner: Person
) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.AWAITING_DECISION)
    services.restrict_case(dsl, case, [dsl.user])
    url = reverse("cases:detail", kwargs={"public_id": case.public_id})
    client.force_login(deputy.user)
    age_sign_in(client, deputy.user, STALE)

    # Seeing the break-glass offer needs no step-up; using it does.
    assert client.get(url).status_code == 403
    response = client.post(url, {"reason": "Covering for the lead today"})
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert not BreakGlass.objects.exists()

    response = client.post(response["Location"], {"code": totp_code(TEST_TOTP_SECRET)})

    assert response.status_code == 302
    assert response["Location"] == url
    assert BreakGlass.objects.filter(case=case, user=deputy.user).exists()


def test_changing_mfa_needs_a_fresh_factor(client: Client, dsl: Membership) -> None:
    client.force_login(dsl.user)
    age_sign_in(client, dsl.user, STALE)

    response = client.get(reverse("mfa_deactivate_totp"))

    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_someone_signed_in_only_through_a_provider_is_asked_to_add_a_local_factor(
    client: Client, dsl: Membership, learner: Person
) -> None:
    case, _, _ = case_in_status(dsl, learner, CaseStatus.EXTERNAL_REFERRAL)
    dsl.user.set_unusable_password()
    dsl.user.save()
    client.force_login(dsl.user)
    Authenticator.objects.filter(user=dsl.user).delete()
    session = client.session
    session[security.PROVIDER_MFA_SESSION_KEY] = "microsoft"
    session.save()
    age_sign_in(client, dsl.user, STALE)

    response = client.get(_approve_url(case.referrals.get()))

    assert response["Location"] == reverse("accounts:mfa_required")
