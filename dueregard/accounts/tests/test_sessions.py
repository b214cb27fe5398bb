"""Sessions: idle timeout, absolute lifetime, role changes next request, own sessions."""

from __future__ import annotations

import time

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.test import Client
from django.urls import reverse

from dueregard.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from dueregard.organisations.models import Membership, Role
from dueregard.testing.factories import PASSWORD


def _shift(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = float(session[key]) - seconds
    session.save()


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all() -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_ABSOLUTE_LIFETIME == 12 * 3600
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_LIFETIME
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_a_session_idle_for_longer_than_the_timeout_is_signed_out(
    client: Client, teacher: Membership
) -> None:
    client.force_login(teacher.user)
    _shift(client, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT + 1)

    response = client.get(reverse("concerns:mine"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page
    assert client.get(reverse("concerns:mine")).status_code == 302


def test_activity_keeps_a_session_alive(client: Client, teacher: Membership) -> None:
    client.force_login(teacher.user)
    _shift(client, LAST_SEEN_AT, settings.SESSION_IDLE_TIMEOUT - 60)

    assert client.get(reverse("concerns:mine")).status_code == 200
    assert time.time() - client.session[LAST_SEEN_AT] < 5


def test_a_session_older_than_the_absolute_lifetime_ends_even_when_active(
    client: Client, teacher: Membership
) -> None:
    client.force_login(teacher.user)
    _shift(client, SIGNED_IN_AT, settings.SESSION_ABSOLUTE_LIFETIME + 1)

    response = client.get(reverse("concerns:mine"))

    assert response["Location"].startswith(reverse("account_login"))
    assert "Your session has ended" in client.get(response["Location"]).content.decode()


def test_the_timeouts_are_configurable(
    client: Client, teacher: Membership, settings: pytest.FixtureRequest
) -> None:
    settings.SESSION_IDLE_TIMEOUT = 120  # type: ignore[attr-defined]
    client.force_login(teacher.user)
    _shift(client, LAST_SEEN_AT, 121)

    assert client.get(reverse("concerns:mine")).status_code == 302


def test_a_deactivated_membership_loses_access_on_the_next_request(
    client: Client, dsl: Membership, deputy: Membership
) -> None:
    client.force_login(deputy.user)
    assert client.get(reverse("cases:list")).status_code == 200

    deputy.is_active = False
    deputy.save()

    assert client.get(reverse("cases:list")).status_code == 403


def test_a_role_change_takes_effect_on_the_next_request(client: Client, deputy: Membership) -> None:
    client.force_login(deputy.user)
    assert client.get(reverse("cases:list")).status_code == 200

    deputy.role = Role.STAFF
    deputy.save()

    assert client.get(reverse("cases:list")).status_code == 403


def test_a_deactivated_user_is_signed_out_on_the_next_request(
    client: Client, teacher: Membership
) -> None:
    client.force_login(teacher.user)
    assert client.get(reverse("concerns:mine")).status_code == 200

    teacher.user.is_active = False
    teacher.user.save()

    response = client.get(reverse("concerns:mine"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_user_sees_and_ends_their_other_sessions(teacher: Membership) -> None:
    laptop, phone = Client(), Client(HTTP_USER_AGENT="Phone browser")
    for client in (laptop, phone):
        client.post(reverse("account_login"), {"login": teacher.user.email, "password": PASSWORD})
    assert UserSession.objects.filter(user=teacher.user).count() == 2

    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert "Phone browser" in page.content.decode()
    response = laptop.post(reverse("usersessions_list"))

    assert response.status_code == 302
    assert phone.get(reverse("concerns:mine"))["Location"].startswith(reverse("account_login"))
    assert laptop.get(reverse("concerns:mine")).status_code == 200
