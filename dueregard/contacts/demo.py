"""Demo contacts directory for both demo organisations, then the referral and Channel demo.

Every agency, team, person, phone number and address here is invented: phone numbers are
in Ofcom's drama ranges (01632 960xxx, 020 7946 0xxx) and email domains end in ``.example``.
999 and 101 are the UK's real national emergency and non-emergency numbers, kept because
the emergency page must be right.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from dueregard.contacts.services import save_contact
from dueregard.core.scope import organisation_scope

if TYPE_CHECKING:
    from dueregard.organisations.demo import Demo, DemoOrganisation

#: kind, name, agency, phone, out-of-hours, email, areas, notes (per organisation key)
DIRECTORY: dict[str, list[tuple[str, str, str, str, str, str, str, str]]] = {
    "qm": [
        (
            "emergency",
            "Emergency services",
            "Police, ambulance, fire",
            "999",
            "",
            "",
            "",
            "Immediate danger to life: call first, then tell the DSL in person.",
        ),
        (
            "police_non_emergency",
            "Police non-emergency",
            "Northvale Police",
            "101",
            "",
            "",
            "Northvale",
            "",
        ),
        (
            "police_prevent",
            "Northvale Police Prevent team",
            "Northvale Police",
            "01632 960410",
            "",
            "prevent@northvale-police.example",
            "Northvale and Eastwold",
            "Prevent referrals by their secure form; phone for advice first.",
        ),
        (
            "la_prevent",
            "Prevent co-ordinator",
            "Eastwold Council",
            "01632 960422",
            "",
            "prevent@eastwold.example",
            "Eastwold",
            "Chairs the local Prevent partnership.",
        ),
        (
            "dfe_prevent",
            "DfE regional Prevent co-ordinator (North)",
            "Department for Education (invented contact)",
            "020 7946 0455",
            "",
            "fe-prevent-north@dfe-region.example",
            "North region",
            "Advice on Prevent duty in further education.",
        ),
        (
            "channel_panel",
            "Channel panel",
            "Eastwold Council",
            "01632 960423",
            "",
            "channel@eastwold.example",
            "Eastwold",
            "Meets monthly; the college attends when invited.",
        ),
        (
            "childrens_social_care",
            "Eastwold Children's Services front door",
            "Eastwold Council",
            "01632 960430",
            "01632 960431",
            "frontdoor@eastwold.example",
            "Eastwold",
            "Under-18s at risk of significant harm.",
        ),
        (
            "adult_social_care",
            "Adult social care first contact",
            "Eastwold Council",
            "01632 960440",
            "01632 960431",
            "adults@eastwold.example",
            "Eastwold",
            "",
        ),
        (
            "lado",
            "Northvale Local Authority Designated Officer",
            "Northvale Council",
            "01632 960450",
            "",
            "lado@northvale.example",
            "Northvale",
            "Allegations about staff or volunteers.",
        ),
    ],
    "rv": [
        (
            "emergency",
            "Emergency services",
            "Police, ambulance, fire",
            "999",
            "",
            "",
            "",
            "Immediate danger to life: call first, then tell the DSL in person.",
        ),
        (
            "police_non_emergency",
            "Police non-emergency",
            "Northvale Police",
            "101",
            "",
            "",
            "Ravensholt",
            "",
        ),
        (
            "police_prevent",
            "Northvale Police Prevent team",
            "Northvale Police",
            "020 7946 0610",
            "",
            "prevent.south@northvale-police.example",
            "Ravensholt district",
            "Prevent referrals by their secure form.",
        ),
        (
            "la_prevent",
            "Prevent lead officer",
            "Ravensholt Borough Council",
            "020 7946 0622",
            "",
            "prevent@ravensholt.example",
            "Ravensholt",
            "",
        ),
        (
            "dfe_prevent",
            "DfE regional Prevent co-ordinator (South)",
            "Department for Education (invented contact)",
            "020 7946 0655",
            "",
            "fe-prevent-south@dfe-region.example",
            "South region",
            "",
        ),
        (
            "channel_panel",
            "Channel panel",
            "Ravensholt Borough Council",
            "020 7946 0623",
            "",
            "channel@ravensholt.example",
            "Ravensholt",
            "",
        ),
        (
            "childrens_social_care",
            "Eastwold Children's Services front door",
            "Eastwold Council",
            "020 7946 0630",
            "020 7946 0631",
            "frontdoor@eastwold.example",
            "Ravensholt and Eastwold",
            "",
        ),
        (
            "adult_social_care",
            "Adult social care",
            "Ravensholt Borough Council",
            "020 7946 0640",
            "020 7946 0631",
            "adults@ravensholt.example",
            "Ravensholt",
            "",
        ),
        (
            "lado",
            "Northvale Local Authority Designated Officer",
            "Northvale Council",
            "020 7946 0650",
            "",
            "lado@northvale.example",
            "Northvale and Ravensholt",
            "",
        ),
    ],
}

#: The organisation's own leads: login key, kind, phone.
LEADS = {
    "qm": [("dsl", "dsl", "01632 960501"), ("deputy", "deputy_dsl", "01632 960502")],
    "rv": [
        ("dsl", "dsl", "020 7946 0701"),
        ("deputy", "deputy_dsl", "020 7946 0702"),
        ("deputy2", "deputy_dsl", "020 7946 0703"),
    ],
}

#: The sites a deputy is based at (indexes into the organisation's sites); the DSL covers
#: every site. The immediate-danger page shows a member their own site's deputy first.
LEAD_SITES: dict[str, dict[str, tuple[int, ...]]] = {
    "qm": {"deputy": (1, 2)},
    "rv": {"deputy": (1,), "deputy2": (2,)},
}


def _directory(demo_org: DemoOrganisation, key: str) -> None:
    dsl = demo_org.members["dsl"]
    for kind, name, agency, phone, ooh, email, areas, notes in DIRECTORY[key]:
        save_contact(
            dsl,
            {
                "kind": kind,
                "name": name,
                "agency": agency,
                "phone": phone,
                "out_of_hours_phone": ooh,
                "email": email,
                "areas": areas,
                "notes": notes,
                "is_active": True,
            },
        )
    for login, kind, phone in LEADS[key]:
        member = demo_org.members.get(login)
        if member is None:
            continue
        role = "Designated safeguarding lead and Prevent lead" if kind == "dsl" else "Deputy DSL"
        sites = [
            demo_org.sites[i] for i in LEAD_SITES[key].get(login, ()) if i < len(demo_org.sites)
        ]
        save_contact(
            dsl,
            {
                "kind": kind,
                "name": f"{member.user.full_name}, {role}",
                "agency": "",
                "phone": phone,
                "email": member.user.email,
                "is_active": True,
                "notes": "During opening hours; out of hours call the emergency services.",
            },
            sites=sites,
        )


def load(demo: Demo) -> Iterator[datetime]:
    """Both organisations' directories, written the morning after they were set up."""
    assert demo.set_up_at is not None
    yield demo.set_up_at + timedelta(hours=18)
    for key, demo_org in demo.organisations.items():
        with organisation_scope(demo_org.organisation.pk):
            _directory(demo_org, key)
