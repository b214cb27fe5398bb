"""The action plan: derived overdue, status table, risk to action in one step, notes,
evidence, reminders and the dashboard panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dueregard.actions import reminders, services
from dueregard.actions.dashboard import panel
from dueregard.actions.models import ActionItem, ActionStatus, EvidenceFile, ProgressNote
from dueregard.actions.tests.builders import make_action
from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, TransitionNotAllowed
from dueregard.organisations.models import Membership
from dueregard.risks import services as risk_services
from dueregard.risks.tests.builders import make_risk

pytestmark = pytest.mark.django_db


def test_overdue_is_derived_from_due_date_and_status(dsl: Membership) -> None:
    late = make_action(dsl, days=-1)
    on_time = make_action(dsl, days=1)
    assert late.is_overdue and not on_time.is_overdue
    assert list(ActionItem.objects.filter(organisation=dsl.organisation).overdue()) == [late]
    services.set_action_status(dsl, late, ActionStatus.DONE)
    late.refresh_from_db()
    assert not late.is_overdue and late.completed_on == timezone.localdate()


def test_status_changes_follow_the_allowed_from_table(dsl: Membership) -> None:
    item = make_action(dsl)
    services.set_action_status(dsl, item, ActionStatus.IN_PROGRESS)
    with pytest.raises(TransitionNotAllowed):
        services.set_action_status(dsl, item, ActionStatus.OPEN)
    services.set_action_status(dsl, item, ActionStatus.DROPPED)
    services.set_action_status(dsl, item, ActionStatus.OPEN)
    with pytest.raises(DomainError):
        services.set_action_status(dsl, item, "overdue")  # overdue is never typed


def test_a_risks_further_action_becomes_an_action_in_one_post(
    client: Client, deputy: Membership
) -> None:
    risk = make_risk(deputy, further_actions="Test the filtering each term", owner=deputy.user)
    client.force_login(deputy.user)
    response = client.post(reverse("actions:risk_make_action", args=[risk.public_id]))
    item = ActionItem.objects.get(organisation=deputy.organisation)
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action_detail", args=[item.public_id])
    assert item.action == "Test the filtering each term"
    assert list(item.risks.all()) == [risk] and list(item.owners.all()) == [deputy.user]


def test_owners_must_belong_to_the_organisation(dsl: Membership, outsider_dsl: Membership) -> None:
    with pytest.raises(DomainError, match="member of your organisation"):
        make_action(dsl, owners=[dsl.user, outsider_dsl.user])
    assert not ActionItem.objects.exists()


def test_progress_notes_are_dated_and_append_only(dsl: Membership) -> None:
    item = make_action(dsl)
    note = services.add_progress_note(
        dsl, item, noted_on=timezone.localdate(), body="Briefing booked"
    )
    with pytest.raises(DomainError):
        services.add_progress_note(
            dsl, item, noted_on=timezone.localdate() + timedelta(days=1), body="Future"
        )
    with pytest.raises(ValueError):
        note.save()
    with pytest.raises(ValueError):
        ProgressNote.objects.filter(item=item).update(body="x")
    assert ProgressNote.objects.count() == 1


def test_evidence_is_checked_encrypted_and_its_download_audited(
    client: Client, dsl: Membership, inspector: Membership
) -> None:
    item = make_action(dsl)
    client.force_login(dsl.user)
    bad = client.post(
        reverse("actions:evidence_add", args=[item.public_id]),
        {"file": SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00 not a pdf")},
    )
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    assert not EvidenceFile.objects.exists()
    client.post(
        reverse("actions:evidence_add", args=[item.public_id]),
        {"file": SimpleUploadedFile("minutes.txt", b"Board minutes: Prevent item.")},
    )
    evidence = EvidenceFile.objects.get()
    with evidence.file.open("rb") as stored:
        assert b"Board minutes" not in stored.read()
    assert "minutes" not in evidence.file.name
    client.force_login(inspector.user)
    response = client.get(reverse("actions:evidence", args=[evidence.public_id]))
    assert b"".join(response.streaming_content) == b"Board minutes: Prevent item."  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        object_id=evidence.public_id,
        actor=inspector.user,
        action="view",
        code="action_evidence.downloaded",
        context={"item": str(item.public_id)},
    ).exists()


def test_overdue_items_are_reminded_to_their_owners(dsl: Membership, deputy: Membership) -> None:
    make_action(dsl, days=-2, owners=[dsl.user, deputy.user])
    make_action(dsl, days=3, owners=[deputy.user])
    done = make_action(dsl, days=-2, owners=[deputy.user])
    services.set_action_status(dsl, done, ActionStatus.DONE)
    from dueregard.notifications.reminders import sources

    assert reminders.overdue in sources()  # asked by the same hourly job as reviews
    found = sorted(reminders.overdue(dsl.organisation_id))
    assert found == sorted(
        [("action plan item(s)", dsl.user_id), ("action plan item(s)", deputy.user_id)]
    )


def test_dashboard_panel_for_the_dsl_team_only(
    client: Client, dsl: Membership, governor: Membership, teacher: Membership
) -> None:
    item = make_action(dsl, days=-4)
    make_risk(dsl)
    shown = panel(dsl)
    assert shown is not None and shown.context["total"] == 1
    assert shown.context["flags"] == ["The register has not been published yet."]
    assert panel(governor) is None and panel(teacher) is None
    client.force_login(dsl.user)
    page = client.get(reverse("reports:dashboard")).content.decode()
    assert item.reference in page and "flagged for review" in page


def test_readers_read_and_cannot_change(
    client: Client, governor: Membership, dsl: Membership
) -> None:
    item = make_action(dsl)
    client.force_login(governor.user)
    page = client.get(reverse("actions:action_detail", args=[item.public_id])).content.decode()
    assert "Mark in progress" not in page
    response = client.post(
        reverse("actions:action_status", args=[item.public_id]), {"status": "done"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_editing_an_action_keeps_its_links_to_closed_risks(client: Client, dsl: Membership) -> None:
    from dueregard.risks.models import RiskStatus

    open_risk = make_risk(dsl)
    closed_risk = make_risk(dsl, description="Visiting speakers not checked")
    other_closed = make_risk(dsl, description="Old filtering contract")
    item = make_action(dsl, risks=[open_risk, closed_risk])
    risk_services.set_risk_status(dsl, closed_risk, RiskStatus.CLOSED)
    risk_services.set_risk_status(dsl, other_closed, RiskStatus.CLOSED)
    client.force_login(dsl.user)
    url = reverse("actions:action_edit", args=[item.public_id])
    page = client.get(url).content.decode()
    assert f"{closed_risk.reference} ({closed_risk.theme}) – closed" in page
    assert other_closed.reference not in page  # closed and not linked: not offered
    response = client.post(
        url,
        {
            "objective": item.objective,
            "action": "Run a refresher briefing for new staff",
            "owners": [str(dsl.user.public_id)],
            "due_on": item.due_on.isoformat(),
            "risks": [str(open_risk.public_id), str(closed_risk.public_id)],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert set(item.risks.all()) == {open_risk, closed_risk}


def test_evidence_download_name_never_carries_the_uploaded_name(
    client: Client, dsl: Membership
) -> None:
    item = make_action(dsl)
    client.force_login(dsl.user)
    client.post(
        reverse("actions:evidence_add", args=[item.public_id]),
        {"file": SimpleUploadedFile("Ayesha Invented notes.txt", b"Board minutes.")},
    )
    evidence = EvidenceFile.objects.get()
    response = client.get(reverse("actions:evidence", args=[evidence.public_id]))
    disposition = response["Content-Disposition"]
    assert "Ayesha" not in disposition and "notes" not in disposition
    assert 'filename="action-evidence-' in disposition and disposition.endswith('.txt"')


def test_each_change_is_audited_with_its_code_and_states(dsl: Membership) -> None:
    risk = make_risk(dsl)
    item = services.action_from_risk(dsl, risk)
    services.set_action_status(dsl, item, ActionStatus.IN_PROGRESS)
    services.add_progress_note(dsl, item, noted_on=timezone.localdate(), body="Booked")
    events = AuditEvent.objects.filter(object_id=item.public_id).order_by("sequence")
    assert [(e.code, e.context) for e in events] == [
        ("action_item.added", {"number": item.number, "risks": 1}),
        ("action_item.status_changed", {"from": "open", "to": "in_progress"}),
        (
            "action_item.progress_noted",
            {
                "note": str(ProgressNote.objects.get().public_id),
                "noted_on": timezone.localdate().isoformat(),
            },
        ),
    ]
    assert events[0].summary == "Action-plan item added"


def test_a_refused_status_change_writes_nothing(dsl: Membership) -> None:
    item = make_action(dsl)
    services.set_action_status(dsl, item, ActionStatus.DONE)
    before = AuditEvent.objects.count()
    with pytest.raises(TransitionNotAllowed, match="cannot be marked not started"):
        services.set_action_status(dsl, item, ActionStatus.OPEN)
    assert AuditEvent.objects.count() == before


def test_a_closed_risk_stays_linked_to_its_actions(dsl: Membership) -> None:
    risk = make_risk(dsl)
    item = services.action_from_risk(dsl, risk)
    risk_services.set_risk_status(dsl, risk, "closed")
    assert list(risk.action_items.all()) == [item]
    assert list(item.risks.all()) == [risk]
