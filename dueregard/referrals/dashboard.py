"""The DSL dashboard's referral panel: counts by status and overdue follow-ups.

Only the DSL team sees it (it links to referrals); counts only, no names.
"""

from __future__ import annotations

from django.db.models import Count

from dueregard.channel.models import ChannelReview
from dueregard.core.dashboard import Panel
from dueregard.organisations.models import Membership
from dueregard.organisations.permissions import Can
from dueregard.referrals.models import FollowUp, Referral, ReferralStatus


def panel(membership: Membership) -> Panel | None:
    if not membership.can(Can.PREPARE_REFERRAL):
        return None
    org = membership.organisation_id
    counts = dict(
        Referral.objects.filter(organisation_id=org)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    rows = [(ReferralStatus(s).label, counts.get(s, 0)) for s in ReferralStatus if counts.get(s)]
    return Panel(
        "referrals/panel.html",
        {
            "rows": rows,
            "awaiting": counts.get(ReferralStatus.AWAITING_APPROVAL, 0),
            "overdue_follow_ups": FollowUp.objects.filter(organisation_id=org).overdue().count(),
            "overdue_channel_reviews": ChannelReview.objects.filter(organisation_id=org)
            .overdue()
            .count(),
        },
    )
