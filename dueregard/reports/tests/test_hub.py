"""The Prevent duty page shows a member exactly the links they may follow."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve, reverse

from dueregard.organisations.models import Membership
from dueregard.reports.hub import SECTIONS

LINKS = [link for section in SECTIONS for link in section.links]


@pytest.mark.parametrize("link", LINKS, ids=lambda link: link.url_name)
def test_every_link_is_a_member_view(link) -> None:
    view = resolve(reverse(link.url_name)).func
    assert hasattr(view, "permission"), f"{link.url_name} is not wrapped in member_required"


@pytest.mark.parametrize("persona", ["dsl", "deputy", "teacher", "governor", "admin", "inspector"])
def test_the_page_lists_what_the_member_may_open_and_nothing_else(
    persona: str, request: pytest.FixtureRequest, client: Client
) -> None:
    membership: Membership = request.getfixturevalue(persona)
    client.force_login(membership.user)

    page = client.get(reverse("prevent"))
    assert page.status_code == 200
    html = page.content.decode()
    for link in LINKS:
        url = reverse(link.url_name)
        shown = f'href="{url}"' in html
        opens = client.get(url).status_code == 200
        assert shown == opens, f"{persona}: {link.url_name} shown={shown} but opens={opens}"
