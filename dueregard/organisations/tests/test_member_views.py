"""The members pages: who may use them, what they show, audit and refuse."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import login
from dueregard.accounts.models import User
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.organisations.models import Membership, Organisation, Role
from dueregard.testing.factories import make_member

MEMBERS = reverse("organisations:members")
ADD = reverse("organisations:member_add")


def edit_url(member: Membership) -> str:
    return reverse("organisations:member_edit", args=[member.public_id])


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def _add_form(**extra: str) -> dict[str, str]:
    return {
        "email": "new.tutor@larkfield.example",
        "full_name": "Noor Newcomer",
        "role": Role.STAFF,
        "job_title": "",
        **extra,
    }


def _edit_form(member: Membership, **extra: str) -> dict[str, str]:
    data = {"role": member.role, "job_title": member.job_title}
    if member.receives_alerts:
        data["receives_alerts"] = "on"
    if member.is_active:
        data["is_active"] = "on"
    data.update(extra)
    return {key: value for key, value in data.items() if value != "off"}


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["deputy", "teacher", "governor", "inspector"])
def test_only_the_dsl_and_administrators_open_the_members_pages(
    persona: str, client: Client, teacher: Membership, request: pytest.FixtureRequest
) -> None:
    login(client, request.getfixturevalue(persona))

    for url in (MEMBERS, ADD, edit_url(teacher)):
        assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 3


def test_deputy_cannot_add_or_change_members_by_posting(
    client: Client, deputy: Membership, teacher: Membership
) -> None:
    login(client, deputy)

    assert client.post(ADD, _add_form()).status_code == 403
    assert client.post(edit_url(teacher), _edit_form(teacher, is_active="off")).status_code == 403

    teacher.refresh_from_db()
    assert teacher.is_active
    assert not User.objects.filter(email="new.tutor@larkfield.example").exists()


def test_another_organisations_member_is_not_found(
    client: Client, outsider_dsl: Membership, teacher: Membership
) -> None:
    login(client, outsider_dsl)

    assert client.get(edit_url(teacher)).status_code == 404
    assert client.post(edit_url(teacher), _edit_form(teacher, is_active="off")).status_code == 404
    teacher.refresh_from_db()
    assert teacher.is_active


def test_outsider_sees_only_their_own_organisations_members(
    client: Client, outsider_dsl: Membership, teacher: Membership
) -> None:
    login(client, outsider_dsl)

    response = client.get(MEMBERS)

    assert [row.member for row in response.context["rows"]] == [outsider_dsl]
    assert b"teacher@larkfield.example" not in response.content


# --- The list ----------------------------------------------------------------------------


def test_members_page_shows_each_members_role_alerts_and_access(
    client: Client,
    admin: Membership,
    dsl: Membership,
    deputy: Membership,
    teacher: Membership,
    org: Organisation,
) -> None:
    last_day = timezone.localdate() + timedelta(days=14)
    inspector = make_member(org, Role.INSPECTOR, "visitor@inspect.example", "Ivy Inspect")
    Membership.objects.filter(pk=inspector.pk).update(
        expires_at=timezone.now() + timedelta(days=14)
    )
    Membership.objects.filter(pk=teacher.pk).update(is_active=False, job_title="Tutor")
    login(client, admin)

    response = client.get(MEMBERS)

    assert response.status_code == 200
    rows = {row.member.user.email: row for row in response.context["rows"]}
    assert set(rows) == {
        "admin@larkfield.example",
        "dsl@larkfield.example",
        "deputy@larkfield.example",
        "teacher@larkfield.example",
        "visitor@inspect.example",
    }
    assert rows["teacher@larkfield.example"].status == "Deactivated"
    assert rows["visitor@inspect.example"].last_day == last_day
    assert rows["dsl@larkfield.example"].status == "Active"
    # An administrator cannot change the safeguarding leads, so no link is offered.
    assert not rows["dsl@larkfield.example"].may_change
    assert not rows["deputy@larkfield.example"].may_change
    assert rows["teacher@larkfield.example"].may_change
    html = response.content.decode()
    for text in ("Dana Lead", "deputy@larkfield.example", "Deputy DSL", "Receives alerts"):
        assert text in html
    assert "Tutor" in html
    assert edit_url(teacher) in html and edit_url(deputy) not in html
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="membership_list", code="membership.list_viewed"
    ).exists()


def test_members_page_marks_ended_access(
    client: Client, dsl: Membership, org: Organisation
) -> None:
    inspector = make_member(org, Role.INSPECTOR, "visitor@inspect.example")
    Membership.objects.filter(pk=inspector.pk).update(expires_at=timezone.now() - timedelta(days=3))
    login(client, dsl)

    rows = {r.member.pk: r for r in client.get(MEMBERS).context["rows"]}

    assert rows[inspector.pk].status == "Access ended"


def test_members_page_query_count_does_not_grow_with_ten_times_more_members(
    client: Client, dsl: Membership, deputy: Membership, teacher: Membership, org: Organisation
) -> None:
    def add_members(count: int, start: int) -> None:
        users = User.objects.bulk_create(
            User(email=f"member{n}@larkfield.example", full_name=f"Member {n}")
            for n in range(start, start + count)
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=org, role=Role.STAFF, job_title="Tutor")
            for user in users
        )

    add_members(5, 0)
    login(client, dsl)
    client.get(MEMBERS)  # the first visit also starts the organisation's audit chain
    with CaptureQueriesContext(connection) as few:
        assert client.get(MEMBERS).status_code == 200
    add_members(80, 5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(MEMBERS)

    assert len(response.context["rows"]) == 50  # the first page of 88
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_organisation_link_is_in_the_menu_for_the_dsl_and_administrators_only(
    client: Client, dsl: Membership, admin: Membership, deputy: Membership
) -> None:
    for persona, shown in ((dsl, True), (admin, True), (deputy, False)):
        client.logout()
        login(client, persona)
        page = client.get(reverse("notifications:list") if persona is deputy else MEMBERS)
        assert (f'href="{MEMBERS}"' in page.content.decode()) is shown, persona


def test_members_page_links_to_sites_and_settings(client: Client, admin: Membership) -> None:
    login(client, admin)

    html = client.get(MEMBERS).content.decode()

    assert reverse("organisations:sites") in html
    assert reverse("organisations:settings") in html


# --- Adding ------------------------------------------------------------------------------


def test_adding_a_new_person_redirects_with_how_they_set_a_password(
    client: Client, admin: Membership
) -> None:
    login(client, admin)

    response = client.post(ADD, _add_form(job_title="Tutor"))

    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    member = Membership.objects.get(user__email="new.tutor@larkfield.example")
    assert (member.organisation, member.role, member.job_title) == (
        admin.organisation,
        Role.STAFF,
        "Tutor",
    )
    (message,) = _messages(response)
    assert "Forgotten your password?" in message
    assert reverse("account_reset_password") in message
    added = AuditEvent.objects.get(code="membership.added")
    assert added.context["role"] == "staff"


def test_a_new_member_can_set_a_password_through_forgotten_password(
    client: Client, admin: Membership
) -> None:
    login(client, admin)
    client.post(ADD, _add_form())
    client.logout()

    client.post(reverse("account_reset_password"), {"email": "new.tutor@larkfield.example"})

    assert [message.to for message in mail.outbox] == [["new.tutor@larkfield.example"]]


def test_adding_someone_who_already_has_an_account_says_they_keep_their_password(
    client: Client, dsl: Membership, outsider_dsl: Membership
) -> None:
    login(client, dsl)

    response = client.post(ADD, _add_form(email="dsl@brookmere.example", role=Role.SENIOR_LEADER))

    assert response.status_code == 302
    (message,) = _messages(response)
    assert "password they already have" in message
    assert Membership.across_organisations.filter(user=outsider_dsl.user).count() == 2


def test_adding_an_existing_member_again_shows_a_clear_error(
    client: Client, dsl: Membership, teacher: Membership
) -> None:
    login(client, dsl)

    response = client.post(ADD, _add_form(email="teacher@larkfield.example"))

    assert response.status_code == 200
    assert "already a member of your organisation" in response.context["form"].errors["email"][0]
    assert teacher.user.memberships.count() == 1


def test_administrator_is_not_offered_and_cannot_post_safeguarding_lead_roles(
    client: Client, admin: Membership
) -> None:
    login(client, admin)

    offered = [value for value, _ in client.get(ADD).context["form"].fields["role"].choices]
    response = client.post(ADD, _add_form(role=Role.DEPUTY_DSL, receives_alerts="on"))

    assert Role.DSL not in offered and Role.DEPUTY_DSL not in offered
    assert Role.STAFF in offered and Role.INSPECTOR in offered
    assert response.status_code == 200
    assert "Only the DSL can appoint" in response.context["form"].errors["role"][0]
    assert not Membership.objects.filter(user__email="new.tutor@larkfield.example").exists()


def test_dsl_is_offered_every_role(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    offered = [value for value, _ in client.get(ADD).context["form"].fields["role"].choices]

    assert offered == list(Role.values)


def test_add_form_shows_each_problem_on_its_field(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    response = client.post(
        ADD,
        _add_form(
            role=Role.INSPECTOR,
            receives_alerts="on",
            last_day=(timezone.localdate() + timedelta(days=91)).isoformat(),
        ),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"receives_alerts", "last_day"}
    assert "at most 90 days" in errors["last_day"][0]
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_last_day"' in html
    assert response.content.decode().count("<title>Error: Add a member") == 1


def test_inspector_is_added_with_a_last_day(client: Client, admin: Membership) -> None:
    last_day = timezone.localdate() + timedelta(days=30)
    login(client, admin)

    response = client.post(
        ADD,
        _add_form(
            email="visitor@inspect.example", role=Role.INSPECTOR, last_day=last_day.isoformat()
        ),
    )

    assert response.status_code == 302
    member = Membership.objects.get(user__email="visitor@inspect.example")
    assert member.expires_at is not None
    assert timezone.localdate(member.expires_at) == last_day + timedelta(days=1)


# --- Changing ----------------------------------------------------------------------------


def test_edit_page_shows_the_member_and_is_audited_as_a_view(
    client: Client, admin: Membership, teacher: Membership
) -> None:
    login(client, admin)

    response = client.get(edit_url(teacher))

    assert response.status_code == 200
    html = response.content.decode()
    assert "teacher@larkfield.example" in html
    assert "<title>Change a membership" in html
    assert "Terry" not in html.split("</title>")[0]
    assert response.context["form"].initial["role"] == Role.STAFF
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=teacher.public_id).exists()


def test_changing_a_role_redirects_with_a_message_and_audits(
    client: Client, dsl: Membership, teacher: Membership
) -> None:
    login(client, dsl)

    response = client.post(
        edit_url(teacher), _edit_form(teacher, role=Role.DEPUTY_DSL, receives_alerts="on")
    )

    assert response.status_code == 302
    assert response["Location"] == MEMBERS
    assert _messages(response) == ["Membership saved."]
    teacher.refresh_from_db()
    assert (teacher.role, teacher.receives_alerts) == (Role.DEPUTY_DSL, True)
    changed = AuditEvent.objects.get(code="membership.role_changed", object_id=teacher.public_id)
    assert changed.context == {"from": "staff", "to": "deputy_dsl"}


def test_deactivating_a_member_through_the_form(
    client: Client, admin: Membership, teacher: Membership
) -> None:
    login(client, admin)

    response = client.post(edit_url(teacher), _edit_form(teacher, is_active="off"))

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active


def test_self_demotion_is_refused_on_the_form(client: Client, admin: Membership) -> None:
    login(client, admin)

    page = client.get(edit_url(admin))
    response = client.post(edit_url(admin), _edit_form(admin, role=Role.STAFF))

    assert "This is your own membership" in page.content.decode()
    assert response.status_code == 200
    assert "You cannot change your own role" in response.context["form"].non_field_errors()[0]
    admin.refresh_from_db()
    assert admin.role == Role.ADMINISTRATOR


def test_last_dsl_is_refused_on_the_form(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    response = client.post(edit_url(dsl), _edit_form(dsl, is_active="off"))

    assert response.status_code == 200
    assert "at least one active DSL" in response.content.decode()


def test_administrator_sees_a_safeguarding_leads_membership_but_cannot_change_it(
    client: Client, admin: Membership, deputy: Membership
) -> None:
    login(client, admin)

    page = client.get(edit_url(deputy))
    response = client.post(edit_url(deputy), _edit_form(deputy, is_active="off"))

    assert page.status_code == 200
    assert "Only the DSL can change" in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()
    assert response.status_code == 403
    deputy.refresh_from_db()
    assert deputy.is_active
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1


def test_add_form_lists_every_problem_at_once(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    response = client.post(
        ADD, _add_form(email="not-an-address", role=Role.INSPECTOR, receives_alerts="on")
    )

    assert set(response.context["form"].errors) == {"email", "receives_alerts", "last_day"}
    assert not Membership.objects.filter(role=Role.INSPECTOR).exists()


def _many_members(org: Organisation, count: int) -> None:
    users = User.objects.bulk_create(
        User(email=f"paged{n:03}@larkfield.example", full_name=f"Paged Member {n:03}")
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organisation=org, role=Role.STAFF) for user in users
    )


def test_members_are_listed_fifty_a_page_in_name_order(
    client: Client, dsl: Membership, org: Organisation
) -> None:
    _many_members(org, 55)  # with the DSL: 56 members
    login(client, dsl)

    first = client.get(MEMBERS)
    second = client.get(MEMBERS, {"page": "2"})

    assert first.status_code == second.status_code == 200
    names = [r.member.user.full_name for r in first.context["rows"]] + [
        r.member.user.full_name for r in second.context["rows"]
    ]
    assert len(first.context["rows"]) == 50 and len(second.context["rows"]) == 6
    everyone = Membership.objects.filter(organisation=org).order_by(
        "user__full_name", "user__email", "pk"
    )
    assert names == [m.user.full_name for m in everyone]
    page = first.content.decode()
    assert "56 members" in page and "Showing 1 to 50" in page
    assert 'class="govuk-pagination"' in page and 'href="?page=2" rel="next"' in page
    assert 'aria-current="page">1</a>' in page
    later = second.content.decode()
    assert 'href="?page=1" rel="prev"' in later and 'aria-current="page">2</a>' in later
    assert 'rel="next"' not in later


@pytest.mark.parametrize("number", ["0", "-1", "3", "abc", "2.5", "1e3", "9" * 5000, ""])
def test_a_bad_page_number_shows_the_first_page(
    client: Client, dsl: Membership, org: Organisation, number: str
) -> None:
    _many_members(org, 55)
    login(client, dsl)

    response = client.get(MEMBERS, {"page": number})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert len(response.context["rows"]) == 50


def test_a_short_list_has_no_pagination(client: Client, dsl: Membership) -> None:
    login(client, dsl)
    page = client.get(MEMBERS).content.decode()
    assert "govuk-pagination" not in page and "Showing" not in page
