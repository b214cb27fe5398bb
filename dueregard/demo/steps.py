"""The kinds of story step: each reads its record and makes one service call (or two).

``STEPS`` maps a record's ``do`` to its function. Every record has ``by`` (the login key
acting) and the fields its kind reads; times are durations such as ``"2h"`` (see
``engine.span``) and texts are templates filled by ``StoryState.text``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from dueregard.cases import services as cases
from dueregard.cases.models import (
    Case,
    DecisionKind,
    Review,
    ReviewOutcome,
    ReviewStatus,
    SupportAction,
)
from dueregard.channel import services as channel
from dueregard.concerns.models import Concern
from dueregard.demo.engine import Demo, DemoOrganisation, days, span
from dueregard.organisations.models import Membership
from dueregard.referrals import follow_ups, sending
from dueregard.referrals import services as referrals
from dueregard.referrals.models import FollowUp, Referral
from dueregard.sharing import lawful
from dueregard.sharing import services as sharing
from dueregard.sharing.models import DisclosureKind

Step = dict[str, Any]


@dataclass
class StoryState:
    """What a story has made so far, for its later steps."""

    demo: Demo
    org: DemoOrganisation
    names: dict[str, str]
    concern: Concern | None = None
    case: Case | None = None
    actions: list[SupportAction] = field(default_factory=list)
    #: When the step being played acts (it is then ``timezone.now()`` too).
    moment: datetime = field(default_factory=timezone.now)

    def text(self, template: str, **extra: str) -> str:
        return template.format(**self.names, **extra)

    def member(self, key: str) -> Membership:
        return self.org.members[key]

    def by(self, step: Step) -> Membership:
        return self.member(step["by"])

    @property
    def the_case(self) -> Case:
        assert self.case is not None, "open or link a case first"
        return self.case

    @property
    def referral(self) -> Referral:
        referral: Referral = Referral.objects.filter(case=self.the_case).latest("id")
        return referral


# --- Cases -------------------------------------------------------------------------------


def open_case(state: StoryState, step: Step) -> None:
    assert state.concern is not None
    category = state.org.types[step["category"]] if step.get("category") else None
    state.case = cases.open_case_from_concern(state.by(step), state.concern, category=category)
    if step.get("safeguarding"):
        # A category other than Prevent, set by the DSL straight after triage.
        set_category(state, step)


def link_case(state: StoryState, step: Step) -> None:
    assert state.concern is not None
    state.case = cases.link_concern_to_case(
        state.by(step), state.concern, state.demo.cases[step["to"]]
    )


def decide(state: StoryState, step: Step) -> None:
    cases.record_decision(
        state.by(step), state.the_case, kind=step["kind"], rationale=state.text(step["rationale"])
    )


def refer(state: StoryState, step: Step) -> None:
    """A complete referral from a story: its rationale, the concern and a lawful basis."""
    concern = state.concern
    sections = {"how_arose": state.text(step["rationale"])}
    known = state.the_case.parties.filter(person__isnull=False).exists()
    shared = ["name", "date_of_birth", "how_arose"] if known else ["how_arose"]
    if concern is not None:
        sections["event"] = concern.narrative
        shared.append("event")
        labels = [str(i.label) for i in concern.indicators.all()]
        if labels:
            sections["indicators"] = (
                "Indicators noted (prompts, not proof): " + "; ".join(labels) + "."
            )
            shared.append("indicators")
    staff = step["kind"] == "lado"
    referral = referrals.NewReferral(
        kind=step["kind"],
        agency=step["agency"],
        referred_on=timezone.localdate(state.moment),
        sections=sections,
        shared_fields=shared,
        lawful_basis_art6=lawful.Article6.LEGAL_OBLIGATION
        if staff
        else lawful.Article6.PUBLIC_TASK,
        lawful_basis_art9=lawful.Article9.SUBSTANTIAL_PUBLIC_INTEREST,
        lawful_basis_sch1=lawful.Schedule1.SAFEGUARDING,
        lawful_basis_art10=lawful.Article10.UNLAWFUL_ACTS if staff else lawful.Article10.NONE,
        consent=step.get("consent", "given"),
        consent_reason=state.text(step.get("consent_reason", "")),
        submit=True,
    )
    cases.record_decision(
        state.by(step),
        state.the_case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale=state.text(step["rationale"]),
        referral=referral,
    )


def emergency(state: StoryState, step: Step) -> None:
    caller = state.member(step["called_by"])
    called_at = state.moment - span(step["called_before"])
    details = cases.EmergencyDetails(
        called_by=f"{caller.user.full_name}, {caller.job_title.lower()}",
        called_at=called_at,
        police_reference=step["police_reference"].format(
            date=f"{timezone.localtime(called_at):%d/%m/%Y}"
        ),
    )
    cases.record_decision(
        state.by(step),
        state.the_case,
        kind=DecisionKind.EMERGENCY,
        rationale=state.text(step["rationale"]),
        emergency=details,
    )


def add_party(state: StoryState, step: Step) -> None:
    person = state.demo.pick(state.org, step["who"])
    if step.get("name_as"):
        state.names[step["name_as"]] = person.given_name
    cases.add_party(state.by(step), state.the_case, role=step["role"], person=person)


def add_action(state: StoryState, step: Step) -> None:
    state.actions.append(
        cases.add_action(
            state.by(step),
            state.the_case,
            description=state.text(step["description"]),
            owner=state.member(step["owner"]).user,
            due_on=timezone.localdate(state.moment) + days(step["due_in_days"]),
        )
    )


def action_done(state: StoryState, step: Step) -> None:
    cases.set_action_status(state.by(step), state.actions[step["action"]], "done")


def hold_review(state: StoryState, step: Step) -> None:
    review = Review.objects.get(case=state.the_case, status=ReviewStatus.SCHEDULED)
    next_in = step.get("next_in")
    cases.hold_review(
        state.by(step),
        review,
        summary=state.text(step["summary"]),
        outcome=step.get("outcome", ReviewOutcome.CONTINUE),
        next_due_at=state.moment + span(next_in) if next_in else None,
    )


def add_note(state: StoryState, step: Step) -> None:
    cases.add_note(
        state.by(step),
        state.the_case,
        body=state.text(step["body"]),
        occurred_at=state.moment - span(step.get("back", "0m")),
    )


def close_case(state: StoryState, step: Step) -> None:
    cases.close_case(state.by(step), state.the_case, outcome_summary=state.text(step["summary"]))


def reopen_case(state: StoryState, step: Step) -> None:
    cases.reopen_case(
        state.by(step), state.demo.cases[step["of"]], reason=state.text(step["reason"])
    )


def monitor(state: StoryState, step: Step) -> None:
    cases.set_monitor(
        state.by(step),
        state.the_case,
        rationale=state.text(step["rationale"]),
        review_on=timezone.localdate(state.moment) + days(step["review_in_days"]),
    )


def restrict(state: StoryState, step: Step) -> None:
    users = [state.member(key).user for key in step["to"]]
    cases.restrict_case(state.by(step), state.the_case, users)


def break_glass(state: StoryState, step: Step) -> None:
    cases.break_glass(state.by(step), state.the_case, reason=step["reason"])


def set_category(state: StoryState, step: Step) -> None:
    """The category that counts: ``safeguarding`` (a category key), or a Prevent type
    (``category``) which puts the case in the Prevent category."""
    prevent_type = state.org.types[step["category"]] if step.get("category") else None
    key = step.get("safeguarding") or "radicalisation"
    cases.set_category(state.by(step), state.the_case, state.org.categories[key], prevent_type)


# --- Referrals and Channel: the agency's answers, follow-ups, disclosures, panels --------


def approve_referral(state: StoryState, step: Step) -> None:
    """Approved with the agency's reference; then sent by secure email unless ``send`` is false."""
    referral = state.referral
    reference = step["reference"].format(yy=f"{state.moment:%y}")
    referrals.approve_referral(state.by(step), referral, agency_reference=reference)
    if step.get("send", True):
        sending.record_sent(state.by(step), referral, method="secure_email")


def referral_progress(state: StoryState, step: Step) -> None:
    """The agency's answer (acknowledged, adopted, not adopted, support) or closing."""
    referrals.record_progress(
        state.by(step), state.referral, status=step["status"], note=state.text(step["note"])
    )


def add_follow_up(state: StoryState, step: Step) -> None:
    """A follow-up on the referral, due ``due`` after now; ``owner`` is a login key."""
    follow_ups.add_follow_up(
        state.by(step),
        state.referral,
        description=state.text(step["description"]),
        owner=state.member(step["owner"]).user,
        due_on=(state.moment + span(step["due"])).date(),
    )


def follow_up_done(state: StoryState, step: Step) -> None:
    follow_up = FollowUp.objects.filter(referral=state.referral, done_at=None).latest("id")
    follow_ups.complete_follow_up(state.by(step), follow_up, outcome=state.text(step["outcome"]))


def download_referral(state: StoryState, step: Step) -> None:
    """The referral document produced for the agency (one disclosure in the log)."""
    sending.log_document(state.by(step), state.referral, file_format="pdf")


def phone_call(state: StoryState, step: Step) -> None:
    """A call to an agency logged afterwards: without consent, and saying why."""
    party = state.the_case.parties.exclude(person=None).first()
    sharing.record_disclosure(
        state.by(step),
        sharing.NewDisclosure(
            kind=DisclosureKind.PHONE,
            disclosed_at=state.moment - span(step.get("back", "30m")),
            recipient=step["recipient"],
            what=state.text(step["what"]),
            purpose=state.text(step["purpose"]),
            lawful_basis_art6=lawful.Article6.PUBLIC_TASK,
            lawful_basis_art9=lawful.Article9.SUBSTANTIAL_PUBLIC_INTEREST,
            lawful_basis_sch1=lawful.Schedule1.SAFEGUARDING,
            lawful_basis_art10=lawful.Article10.NONE,
            consent=lawful.Consent.NOT_SOUGHT,
            consent_reason=state.text(step["consent_reason"]),
            person=party.person if party else None,
            case=state.the_case,
        ),
    )


def channel_panel(state: StoryState, step: Step) -> None:
    """A Channel panel the organisation attended (``ended``: support ended that day).

    ``attendees`` are (role, name, organisation); ``actions`` (description, owner, due in
    days or null).
    """
    day = state.moment.date()
    channel.record_panel(
        state.by(step),
        state.the_case,
        channel.NewPanel(
            met_on=day,
            consent="given",
            summary=state.text(step["summary"]),
            outcome=step["outcome"],
            attendees=[tuple(row) for row in step["attendees"]],
            actions=[
                (d, o, day + timedelta(days=n) if n is not None else None)
                for d, o, n in step.get("actions", [])
            ],
            referral=state.referral,
            support_ended_on=day if step.get("ended") else None,
        ),
    )


STEPS: dict[str, Callable[[StoryState, Step], None]] = {
    function.__name__: function
    for function in (
        open_case,
        link_case,
        decide,
        refer,
        emergency,
        add_party,
        add_action,
        action_done,
        hold_review,
        add_note,
        close_case,
        reopen_case,
        monitor,
        restrict,
        break_glass,
        set_category,
        approve_referral,
        referral_progress,
        add_follow_up,
        follow_up_done,
        download_referral,
        phone_call,
        channel_panel,
    )
}
