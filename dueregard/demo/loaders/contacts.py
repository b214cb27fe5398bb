"""Demo contacts directory for both demo organisations (data in ``data/contacts.json``).

Every agency, team, person, phone number and address here is invented: phone numbers are
in Ofcom's drama ranges (01632 960xxx, 020 7946 0xxx) and email domains end in ``.example``.
999 and 101 are the UK's real national emergency and non-emergency numbers, kept because
the emergency page must be right.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from dueregard.contacts.services import save_contact
from dueregard.core.scope import organisation_scope
from dueregard.demo.engine import Demo, DemoOrganisation, read

_DATA = read("contacts")
#: kind, name, agency, phone, out-of-hours, email, areas, notes (per organisation key)
DIRECTORY: dict[str, list[list[str]]] = _DATA["directory"]
#: The organisation's own leads: login key, kind, phone.
LEADS: dict[str, list[list[str]]] = _DATA["leads"]
#: The sites a deputy is based at (indexes into the organisation's sites); the DSL covers
#: every site. The immediate-danger page shows a member their own site's deputy first.
LEAD_SITES: dict[str, dict[str, list[int]]] = _DATA["lead_sites"]


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
