"""Partnership records for tests: invented partners and text only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils import timezone

from dueregard.organisations.models import Membership
from dueregard.partnership import services
from dueregard.partnership.models import Meeting, PartnerKind, StaffUpdate


def make_meeting(
    membership: Membership,
    *,
    held_on: date | None = None,
    actions: Sequence[str] = ("Brief all tutors on the new reporting route",),
) -> Meeting:
    return services.record_meeting(
        membership,
        services.MeetingData(
            held_on=held_on or timezone.localdate(),
            kind=PartnerKind.LA_PREVENT,
            title="Termly Prevent briefing",
            attended="Local authority Prevent co-ordinator; DSL; deputy DSL",
            learnt="Online recruitment through gaming chat is rising in the area.",
            actions=actions,
        ),
    )


def send_update(membership: Membership, roles: Sequence[str] = ()) -> StaffUpdate:
    return services.send_update(
        membership,
        title="Threat level update",
        body="The national threat level has changed. Report any concern as usual.",
        roles=roles,
    )
