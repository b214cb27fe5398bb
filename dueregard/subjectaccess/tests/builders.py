"""Records of every kind about one person, for the subject access tests. All invented."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dueregard.cases import services as cases
from dueregard.cases.models import Case, DecisionKind, ReviewStatus
from dueregard.channel import services as channel
from dueregard.concerns.services import NewConcern, raise_concern
from dueregard.organisations.models import Membership
from dueregard.people import record
from dueregard.people.models import Person
from dueregard.referrals import follow_ups
from dueregard.referrals.testing import a_complete_referral
from dueregard.sharing import services as sharing
from dueregard.sharing.testing import a_disclosure
from dueregard.subjectaccess import services
from dueregard.subjectaccess.models import SubjectAccessRequest

FILE = b"Invented statement written by the learner.\n"


def everything_about(
    dsl: Membership,
    deputy: Membership,
    teacher: Membership,
    person: Person,
    other: Person,
    *,
    file: bytes = FILE,
) -> Case:
    """A concern about ``person`` and ``other`` with a file; its case with a decision, an
    action, a note, a review held, a referral with a follow-up, a disclosure, a Channel panel
    with its actions and reviews; the person's flag, carer contact and a link to ``other``;
    restricted to the DSL, with the deputy's break glass."""
    concern = raise_concern(
        teacher,
        NewConcern(
            immediate_danger=False,
            observed_at=timezone.now() - timedelta(hours=3),
            location="Invented library",
            narrative="Invented narrative about a worrying conversation.",
            people=[person, other],
            unknown_subject="An invented older student",
            attachments=[SimpleUploadedFile("statement.txt", file, content_type="text/plain")],
        ),
    )
    case = cases.open_case_from_concern(dsl, concern)
    cases.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="Support.")
    cases.add_action(
        dsl,
        case,
        description="Invented mentoring",
        owner=teacher.user,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    cases.add_note(dsl, case, body="Invented note of a call home.")
    review = case.reviews.get(status=ReviewStatus.SCHEDULED)
    cases.hold_review(dsl, review, summary="Invented review summary.", outcome="continue")
    cases.record_decision(
        dsl,
        case,
        kind=DecisionKind.EXTERNAL_REFERRAL,
        rationale="Refer.",
        referral=a_complete_referral(),
    )
    referral = case.referrals.get()
    follow_ups.add_follow_up(
        dsl,
        referral,
        description="Invented: chase the outcome.",
        owner=dsl.user,
        due_on=timezone.localdate() + timedelta(days=7),
    )
    sharing.record_disclosure(dsl, a_disclosure(case, person=person))
    channel.record_panel(
        dsl,
        case,
        channel.NewPanel(
            met_on=timezone.localdate() - timedelta(days=200),
            consent="given",
            summary="Invented panel summary.",
            outcome="support_ended",
            attendees=[("Channel chair", "Invented Chair", "Invented Council")],
            actions=[("Invented mentoring", "Intervention provider", None)],
            support_ended_on=timezone.localdate() - timedelta(days=190),
        ),
    )
    # The person's safeguarding record: a flag, a carer, a link to the other person.
    record.add_flag(dsl, person, kind="social_care", starts_on=date(2024, 2, 1))
    record.add_contact(
        dsl,
        person,
        record.ContactDetails(
            name="Invented Carer",
            relationship="Mother",
            parental_responsibility=True,
            phone="01632 960 001",
        ),
    )
    record.relate(dsl, person, other, kind="sibling")
    cases.restrict_case(dsl, case, [dsl.user])
    cases.break_glass(deputy, case, reason="Invented: the DSL is away and a call came in.")
    return Case.objects.get(pk=case.pk)


def a_request(
    membership: Membership, person: Person, received_on: date | None = None, **extra: object
) -> SubjectAccessRequest:
    data = services.NewRequest(
        person=person,
        received_on=received_on or timezone.localdate(),
        identity_checked=True,
        identity_how="Invented: known to the office.",
        **extra,  # type: ignore[arg-type]
    )
    return services.start_request(membership, data)
