"""What ``load_demo`` prints when it is done: the demo's logins and its figures per organisation."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from dueregard.cases.models import (
    ActionStatus,
    Case,
    CaseStatus,
    Review,
    ReviewStatus,
    SupportAction,
)
from dueregard.channel.models import PanelMeeting
from dueregard.concerns.models import Concern, ConcernStatus, over_triage_target
from dueregard.contacts.models import Contact
from dueregard.demo.setup import demo_organisations
from dueregard.organisations.models import Membership, Organisation, Role, Site
from dueregard.people.models import Person
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus
from dueregard.sharing.models import Disclosure


def demo_logins() -> list[tuple[str, str, str]]:
    """(email, role, organisation) of every demo login, for the summary."""
    order = [
        Role.DSL,
        Role.DEPUTY_DSL,
        Role.STAFF,
        Role.SENIOR_LEADER,
        Role.ADMINISTRATOR,
        Role.INSPECTOR,
    ]
    members = sorted(
        Membership.objects.filter(organisation__in=demo_organisations()).select_related(
            "user", "organisation"
        ),
        key=lambda m: (m.organisation.name, order.index(Role(m.role)), m.pk),
    )
    # Only those who can sign in: the training demo's extra staff have no password.
    return [
        (m.user.email, str(m.get_role_display()), m.organisation.name)
        for m in members
        if m.user.has_usable_password()
    ]


def state_counts(organisation: Organisation) -> dict[str, int]:
    """Sites, people, concerns in each state and the case work around them, as of now."""
    now, today = timezone.now(), timezone.localdate()
    concerns = Concern.objects.filter(organisation=organisation)
    untriaged = concerns.filter(status=ConcernStatus.AWAITING_TRIAGE)
    scheduled = Review.objects.filter(organisation=organisation, status=ReviewStatus.SCHEDULED)
    actions = SupportAction.objects.filter(organisation=organisation)
    referrals = Referral.objects.filter(organisation=organisation)
    case_rows = Case.objects.filter(organisation=organisation)
    return {
        "sites": Site.objects.filter(organisation=organisation).count(),
        "people": Person.objects.filter(organisation=organisation).count(),
        "concerns": concerns.count(),
        "awaiting triage": untriaged.count(),
        "  past the triage target": untriaged.filter(over_triage_target(organisation, now)).count(),
        "  flagged immediate danger": untriaged.filter(immediate_danger=True).count(),
        **{
            f"in cases: {CaseStatus(status).label.lower()}": concerns.filter(
                case__status=status
            ).count()
            for status in CaseStatus
        },
        "  closed and monitored": concerns.filter(
            case__status=CaseStatus.CLOSED, case__monitor=True
        ).count(),
        "cases": case_rows.count(),
        "  with more than one concern": case_rows.annotate(n=models.Count("concerns"))
        .filter(n__gt=1)
        .count(),
        "  reopened": case_rows.filter(chronology__title="Case reopened").distinct().count(),
        "  restricted": case_rows.filter(is_restricted=True).count(),
        "  opened by break glass": case_rows.filter(break_glass__isnull=False).distinct().count(),
        "reviews overdue": scheduled.filter(due_at__lt=now).count(),
        "reviews upcoming": scheduled.filter(due_at__gte=now).count(),
        "reviews held": Review.objects.filter(
            organisation=organisation, status=ReviewStatus.HELD
        ).count(),
        "actions overdue": actions.filter(status=ActionStatus.OPEN, due_on__lt=today).count(),
        "actions open, not yet due": actions.filter(
            status=ActionStatus.OPEN, due_on__gte=today
        ).count(),
        "actions done": actions.filter(status=ActionStatus.DONE).count(),
        **{
            f"referrals: {ReferralStatus(status).label.lower()}": referrals.filter(
                status=status
            ).count()
            for status in ReferralStatus
        },
        "referral follow-ups overdue": FollowUp.objects.filter(organisation=organisation)
        .overdue()
        .count(),
        "disclosures in the sharing log": Disclosure.objects.filter(
            organisation=organisation
        ).count(),
        "contacts in the directory": Contact.objects.filter(organisation=organisation).count(),
        "Channel panel meetings": PanelMeeting.objects.filter(organisation=organisation).count(),
    }
