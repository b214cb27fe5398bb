"""In-app alerts: each person sees only their own, with no details, and opening the list
marks them read."""

from __future__ import annotations

from django.urls import reverse

from conftest import login
from dueregard.notifications.models import Alert, AlertKind
from dueregard.testing.factories import make_concern


def test_the_alert_list_shows_my_alerts_without_details_and_marks_them_read(
    client, dsl, deputy, teacher, learner
):
    concern = make_concern(teacher, learner, narrative="An invented remark in the workshop.")
    login(client, dsl)
    assert '<strong class="govuk-tag govuk-tag--red">1' in client.get("/cases/").content.decode()

    page = client.get(reverse("notifications:list")).content.decode()

    assert "A new concern needs triage" in page
    assert f'href="{reverse("concerns:triage_queue")}"' in page
    for secret in (concern.reference, learner.family_name, "invented remark", "Terry Tutor"):
        assert secret not in page.split("<main", 1)[1]
    assert not Alert.objects.filter(recipient=dsl.user, read_at=None).exists()
    assert Alert.objects.filter(recipient=deputy.user, read_at=None).count() == 1
    assert 'govuk-tag--red">1' not in client.get("/cases/").content.decode()


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
