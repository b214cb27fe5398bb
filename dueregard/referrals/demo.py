"""Story steps that carry the demo referrals on to their outcomes.

``organisations/management/demo_stories.py`` uses these after its ``Refer`` and ``Approve``
steps, so everything happens in the stories' own time order (the audit chain runs forward):
the agency's answers, follow-ups (one left overdue), a document produced for an agency, a
phone call logged afterwards, and Channel panels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dueregard.channel import services as channel
from dueregard.organisations.demo import Step, StoryState
from dueregard.referrals import lawful, services
from dueregard.referrals.models import DisclosureKind, FollowUp, Referral

if TYPE_CHECKING:
    from dueregard.organisations.demo import Demo


def _referral(state: StoryState) -> Referral:
    return Referral.objects.filter(case=state.the_case).latest("id")


@dataclass(frozen=True)
class Outcome(Step):
    """The agency's answer (acknowledged, adopted, not adopted, support) or closing."""

    status: str
    note: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        services.record_progress(
            state.member(self.by), _referral(state), status=self.status, note=state.text(self.note)
        )


@dataclass(frozen=True)
class ChaseBy(Step):
    """A follow-up on the referral, due ``due`` after now; ``owner`` is a login key."""

    description: str
    owner: str
    due: timedelta

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        services.add_follow_up(
            state.member(self.by),
            _referral(state),
            description=state.text(self.description),
            owner=state.member(self.owner).user,
            due_on=(moment + self.due).date(),
        )


@dataclass(frozen=True)
class Chased(Step):
    """The referral's open follow-up is done."""

    outcome: str

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        follow_up = FollowUp.objects.filter(referral=_referral(state), done_at=None).latest("id")
        services.complete_follow_up(
            state.member(self.by), follow_up, outcome=state.text(self.outcome)
        )


@dataclass(frozen=True)
class Download(Step):
    """The referral document produced for the agency (one disclosure in the log)."""

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        services.log_document(state.member(self.by), _referral(state), file_format="pdf")


@dataclass(frozen=True)
class PhoneCall(Step):
    """A call to an agency logged afterwards: without consent, and saying why."""

    recipient: str
    what: str
    purpose: str
    consent_reason: str
    back: timedelta = timedelta(minutes=30)

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        party = state.the_case.parties.exclude(person=None).first()
        services.record_disclosure(
            state.member(self.by),
            services.NewDisclosure(
                kind=DisclosureKind.PHONE,
                disclosed_at=moment - self.back,
                recipient=self.recipient,
                what=state.text(self.what),
                purpose=state.text(self.purpose),
                lawful_basis_art6=lawful.Article6.PUBLIC_TASK,
                lawful_basis_art9=lawful.Article9.SUBSTANTIAL_PUBLIC_INTEREST,
                lawful_basis_sch1=lawful.Schedule1.SAFEGUARDING,
                lawful_basis_art10=lawful.Article10.NONE,
                consent=lawful.Consent.NOT_SOUGHT,
                consent_reason=state.text(self.consent_reason),
                person=party.person if party else None,
                case=state.the_case,
            ),
        )


@dataclass(frozen=True)
class Panel(Step):
    """A Channel panel the organisation attended (``ended``: support ended that day)."""

    outcome: str
    summary: str
    attendees: tuple[tuple[str, str, str], ...]
    actions: tuple[tuple[str, str, int | None], ...] = field(default=())  # due in days
    ended: bool = False

    def apply(self, demo: Demo, state: StoryState, moment: datetime) -> None:
        day = moment.date()
        channel.record_panel(
            state.member(self.by),
            state.the_case,
            channel.NewPanel(
                met_on=day,
                consent="given",
                summary=state.text(self.summary),
                outcome=self.outcome,
                attendees=list(self.attendees),
                actions=[
                    (d, o, day + timedelta(days=n) if n is not None else None)
                    for d, o, n in self.actions
                ],
                referral=_referral(state),
                support_ended_on=day if self.ended else None,
            ),
        )
