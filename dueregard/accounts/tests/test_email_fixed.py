"""Nobody changes or adds their own sign-in address: the organisation sets it."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from dueregard.organisations.models import Membership


@pytest.mark.parametrize("action", ["action_add", "action_primary", "action_remove"])
def test_the_email_page_is_switched_off(client: Client, teacher: Membership, action: str) -> None:
    client.force_login(teacher.user)
    before = teacher.user.email

    assert client.get("/accounts/email/").status_code == 404
    response = client.post("/accounts/email/", {"email": "claimed@larkfield.example", action: ""})

    assert response.status_code == 404
    teacher.user.refresh_from_db()
    assert teacher.user.email == before
    assert not EmailAddress.objects.filter(email="claimed@larkfield.example").exists()
