"""In-app alerts: each person sees only their own, with no details and a link to the
record; opening one marks it read (an emergency's only once someone triages the concern)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from conftest import login
from dueregard.cases.services import break_glass, open_case_from_concern, restrict_case
from dueregard.cases.tests.builders import open_case
from dueregard.notifications.models import Alert, AlertKind
from dueregard.testing.factories import make_concern


def test_the_alert_list_links_each_alert_to_its_concern_without_details_and_marks_nothing(
    client, dsl, deputy, teacher, learner
):
    concern = make_concern(teacher, learner, narrative="An invented remark in the workshop.")
    login(client, dsl)
    assert '<strong class="govuk-tag govuk-tag--red">1' in client.get("/cases/").content.decode()
    alert = Alert.objects.get(recipient=dsl.user)

    page = client.get(reverse("notifications:list")).content.decode()

    assert "A new concern needs triage" in page
    assert f'href="{reverse("notifications:open", args=[alert.public_id])}"' in page
    assert alert.link == reverse("concerns:detail", args=[concern.public_id])
    assert alert.record_id == concern.public_id
    for secret in (concern.reference, learner.family_name, "invented remark", "Terry Tutor"):
        assert secret not in page.split("<main", 1)[1]
    # Looking at the list is not reading the alerts.
    assert Alert.objects.filter(recipient=dsl.user, read_at=None).count() == 1
    assert '<strong class="govuk-tag govuk-tag--red">1' in client.get("/cases/").content.decode()


def test_opening_an_alert_marks_it_read_and_goes_to_its_concern(
    client, dsl, deputy, teacher, learner
):
    concern = make_concern(teacher, learner)
    alert = Alert.objects.get(recipient=dsl.user)
    login(client, dsl)

    response = client.get(reverse("notifications:open", args=[alert.public_id]))

    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:detail", args=[concern.public_id])
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert Alert.objects.filter(recipient=deputy.user, read_at=None).count() == 1
    assert 'govuk-tag--red">1' not in client.get("/cases/").content.decode()


def test_opening_another_members_alert_is_not_found_and_leaves_it_unread(
    client, dsl, deputy, teacher, learner
):
    make_concern(teacher, learner)
    theirs = Alert.objects.get(recipient=deputy.user)
    login(client, dsl)

    response = client.get(reverse("notifications:open", args=[theirs.public_id]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get("/alerts/not-a-uuid/").status_code == 404


def test_mark_all_read_is_a_button_and_leaves_others_alerts_alone(
    client, dsl, deputy, teacher, learner
):
    make_concern(teacher, learner)
    make_concern(teacher, learner)
    login(client, dsl)
    page = client.get(reverse("notifications:list")).content.decode()
    assert f'action="{reverse("notifications:mark_all_read")}"' in page
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405

    response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    assert not Alert.objects.filter(recipient=dsl.user, read_at=None).exists()
    assert Alert.objects.filter(recipient=deputy.user, read_at=None).count() == 2
    assert "Mark all as read" not in client.get(reverse("notifications:list")).content.decode()


def test_an_emergency_alert_stays_unread_until_someone_triages_the_concern(
    client, dsl, deputy, teacher, learner
):
    concern = make_concern(teacher, learner, immediate_danger=True)
    alert = Alert.objects.get(recipient=dsl.user)
    assert alert.kind == AlertKind.EMERGENCY_CONCERN
    login(client, dsl)

    assert client.get(reverse("notifications:open", args=[alert.public_id])).status_code == 302
    client.post(reverse("notifications:mark_all_read"))
    alert.refresh_from_db()
    assert alert.read_at is None
    assert "Needs action" in client.get(reverse("notifications:list")).content.decode()

    open_case_from_concern(deputy, concern)

    assert not Alert.objects.filter(record_id=concern.public_id, read_at=None).exists()


def test_triage_resolves_everyones_alerts_about_that_concern_only(dsl, deputy, teacher, learner):
    triaged = make_concern(teacher, learner)
    waiting = make_concern(teacher, learner)

    open_case_from_concern(dsl, triaged)

    assert not Alert.objects.filter(record_id=triaged.public_id, read_at=None).exists()
    assert Alert.objects.filter(record_id=waiting.public_id, read_at=None).count() == 2


def test_a_deputys_break_glass_alerts_the_lead_without_details(
    client, dsl, deputy, teacher, learner, mailoutbox, django_capture_on_commit_callbacks
):
    case = open_case(dsl, learner)
    restrict_case(dsl, case, [dsl.user])
    case.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        break_glass(deputy, case, reason="Covering for the lead while away.")

    alert = Alert.objects.get(kind=AlertKind.BREAK_GLASS)
    assert alert.recipient == dsl.user
    assert alert.record_id == case.public_id
    assert alert.link == reverse("cases:access_log", args=[case.public_id])
    assert not Alert.objects.filter(kind=AlertKind.BREAK_GLASS, recipient=deputy.user).exists()
    email = next(m for m in mailoutbox if m.to == [dsl.user.email])
    assert f"{settings.SITE_URL}/alerts/{alert.public_id}/" in email.body
    for secret in (case.reference, str(case.public_id), learner.family_name, "Covering", "Devon"):
        assert secret not in email.body
        assert secret not in email.subject
        assert secret not in alert.message


def test_staff_see_no_alerts_of_others(client, dsl, teacher, learner):
    make_concern(teacher, learner)
    login(client, teacher)

    page = client.get(reverse("notifications:list")).content.decode()

    assert "No alerts." in page
    assert Alert.objects.filter(recipient=dsl.user, read_at=None).count() == 1


def unread_alerts_for(membership, count):
    Alert.objects.bulk_create(
        Alert(
            organisation=membership.organisation,
            recipient=membership.user,
            kind=AlertKind.NEW_CONCERN,
            message="A new concern needs triage",
            link=reverse("concerns:triage_queue"),
        )
        for _ in range(count)
    )


def test_the_badge_counts_unread_alerts_up_to_99_then_says_more_than_99(client, dsl):
    unread_alerts_for(dsl, 99)
    login(client, dsl)

    page = client.get("/cases/").content.decode()
    assert (
        '<strong class="govuk-tag govuk-tag--red">99<span class="govuk-visually-hidden"> unread'
        in page
    )
    assert "99+" not in page

    unread_alerts_for(dsl, 1)
    page = client.get("/cases/").content.decode()
    assert (
        '<span aria-hidden="true">99+</span>'
        '<span class="govuk-visually-hidden">more than 99 unread</span>'
    ) in page
