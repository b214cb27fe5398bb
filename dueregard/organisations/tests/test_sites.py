"""Sites: listing, adding and renaming them; who may; duplicate names; the audit."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditAction, AuditEvent
from dueregard.core.errors import NotPermitted
from dueregard.organisations.models import Membership, Organisation, Site
from dueregard.organisations.services import SiteNameError, add_site, rename_site
from dueregard.testing.factories import in_scope

SITES = reverse("organisations:sites")


def edit_url(site: Site) -> str:
    return reverse("organisations:site_edit", args=[site.public_id])


def main_campus(organisation: Organisation) -> Site:
    return Site.objects.get(organisation=organisation, name="Main campus")


# --- Services ----------------------------------------------------------------------------


def test_adding_a_site_tidies_the_name_and_audits_it(admin: Membership) -> None:
    site = add_site(admin, name="  Riverside   campus ")

    assert (site.name, site.organisation, site.created_by) == (
        "Riverside campus",
        admin.organisation,
        admin.user,
    )
    event = AuditEvent.objects.get(object_id=site.public_id)
    assert (event.action, event.object_type, event.summary) == (
        AuditAction.CREATE,
        "site",
        "Site added",
    )


@pytest.mark.parametrize("name", ["Main campus", "main CAMPUS", "  Main   campus "])
def test_a_site_name_is_used_once_per_organisation(dsl: Membership, name: str) -> None:
    with pytest.raises(SiteNameError, match="already has a site with this name"):
        add_site(dsl, name=name)

    assert Site.objects.filter(organisation=dsl.organisation).count() == 1


def test_two_organisations_may_have_sites_of_the_same_name(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    add_site(dsl, name="Riverside")
    with in_scope(outsider_dsl):
        add_site(outsider_dsl, name="Riverside")

    for member in (dsl, outsider_dsl):
        with in_scope(member):
            assert Site.objects.filter(name="Riverside").count() == 1


def test_a_blank_site_name_is_refused(dsl: Membership) -> None:
    with pytest.raises(SiteNameError, match="Enter the site's name"):
        add_site(dsl, name="   ")


@pytest.mark.parametrize("persona", ["deputy", "teacher", "governor", "inspector"])
def test_only_the_dsl_and_administrators_add_or_rename_sites(
    persona: str, org: Organisation, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(persona)

    with pytest.raises(NotPermitted):
        add_site(actor, name="Riverside")
    with pytest.raises(NotPermitted):
        rename_site(actor, main_campus(org), name="Riverside")

    assert list(Site.objects.filter(organisation=org).values_list("name", flat=True)) == [
        "Main campus"
    ]


def test_renaming_a_site_is_audited(admin: Membership) -> None:
    site = main_campus(admin.organisation)

    rename_site(admin, site, name="Town centre campus")

    site.refresh_from_db()
    assert site.name == "Town centre campus"
    assert AuditEvent.objects.get(object_id=site.public_id).summary == "Site renamed"


def test_a_site_can_be_renamed_to_a_different_case_of_its_own_name(dsl: Membership) -> None:
    site = main_campus(dsl.organisation)

    rename_site(dsl, site, name="Main Campus")

    site.refresh_from_db()
    assert site.name == "Main Campus"


def test_a_site_cannot_take_another_sites_name(dsl: Membership) -> None:
    riverside = add_site(dsl, name="Riverside")

    with pytest.raises(SiteNameError, match="already has a site"):
        rename_site(dsl, riverside, name="main campus")

    riverside.refresh_from_db()
    assert riverside.name == "Riverside"


def test_an_unchanged_name_writes_nothing(dsl: Membership) -> None:
    rename_site(dsl, main_campus(dsl.organisation), name="Main campus")

    assert not AuditEvent.objects.exists()


def test_another_organisations_site_cannot_be_renamed(
    outsider_dsl: Membership, org: Organisation
) -> None:
    with pytest.raises(NotPermitted):
        rename_site(outsider_dsl, main_campus(org), name="Ours now")


# --- Pages -------------------------------------------------------------------------------


def test_sites_page_lists_the_organisations_sites_only(
    client: Client, admin: Membership, outsider_dsl: Membership
) -> None:
    with in_scope(outsider_dsl):
        add_site(outsider_dsl, name="Brookmere annexe")
    login(client, admin)

    response = client.get(SITES)

    assert response.status_code == 200
    assert [site.name for site in response.context["sites"]] == ["Main campus"]
    html = response.content.decode()
    assert edit_url(main_campus(admin.organisation)) in html
    assert "Brookmere annexe" not in html


def test_adding_a_site_through_the_page(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    response = client.post(SITES, {"name": "Riverside"})

    assert response.status_code == 302
    assert response["Location"] == SITES
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Site added."]
    assert Site.objects.filter(organisation=dsl.organisation, name="Riverside").exists()


def test_a_duplicate_site_name_is_shown_on_the_field(client: Client, dsl: Membership) -> None:
    login(client, dsl)

    response = client.post(SITES, {"name": "main campus"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Your organisation already has a site with this name."
    ]
    assert 'href="#id_name"' in response.content.decode()


def test_renaming_a_site_through_the_page(client: Client, admin: Membership) -> None:
    site = main_campus(admin.organisation)
    login(client, admin)

    assert client.get(edit_url(site)).context["form"]["name"].value() == "Main campus"
    response = client.post(edit_url(site), {"name": "North campus"})

    assert response.status_code == 302
    assert response["Location"] == SITES
    site.refresh_from_db()
    assert site.name == "North campus"


@pytest.mark.parametrize("persona", ["deputy", "teacher"])
def test_roles_without_rights_get_403_on_the_sites_pages(
    persona: str, client: Client, org: Organisation, request: pytest.FixtureRequest
) -> None:
    site = main_campus(org)
    login(client, request.getfixturevalue(persona))

    assert client.get(SITES).status_code == 403
    assert client.post(SITES, {"name": "Riverside"}).status_code == 403
    assert client.post(edit_url(site), {"name": "Riverside"}).status_code == 403
    site.refresh_from_db()
    assert site.name == "Main campus"


def test_another_organisations_site_is_not_found(
    client: Client, outsider_dsl: Membership, org: Organisation
) -> None:
    site = main_campus(org)
    login(client, outsider_dsl)

    assert client.get(edit_url(site)).status_code == 404
    assert client.post(edit_url(site), {"name": "Ours now"}).status_code == 404
    site.refresh_from_db()
    assert site.name == "Main campus"


def test_renaming_a_site_to_a_taken_name_is_shown_on_the_field(
    client: Client, dsl: Membership
) -> None:
    with in_scope(dsl):
        annexe = add_site(dsl, name="Annexe")
    login(client, dsl)

    response = client.post(
        reverse("organisations:site_edit", args=[annexe.public_id]), {"name": "Main campus"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [
        "Your organisation already has a site with this name."
    ]
    annexe.refresh_from_db()
    assert annexe.name == "Annexe"
