"""The audit trail: hash chains per organisation, what gets recorded, append-only at every
level, and ``verify_audit`` finding tampering."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from conftest import login
from dueregard.audit.keys import DEV_AUDIT_KEYS
from dueregard.audit.models import (
    GENESIS_HASH,
    PLATFORM_CHAIN,
    AppendOnlyError,
    AuditAction,
    AuditChain,
    AuditEvent,
)
from dueregard.audit.services import chain_key, record, verify_all
from dueregard.cases import services as case_services
from dueregard.cases.models import DecisionKind
from dueregard.organisations.models import Membership, Organisation
from dueregard.testing.factories import PASSWORD, make_concern


def chain_of(organisation: Organisation | None) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=chain_key(organisation)).order_by("sequence"))


def assert_linked(events: list[AuditEvent]) -> None:
    previous = GENESIS_HASH
    for number, event in enumerate(events, start=1):
        assert event.sequence == number
        assert event.prev_hash == previous
        assert event.hash == event.compute_hash()
        previous = event.hash


def some_events(member: Membership, count: int = 5) -> list[AuditEvent]:
    return [
        record(
            action=AuditAction.CHANGE,
            actor=member.user,
            organisation=member.organisation,
            summary=f"Invented change {number}",
        )
        for number in range(1, count + 1)
    ]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    # allauth counts failed sign-ins in the cache; each test starts from none.
    cache.clear()


# --- Chains ---------------------------------------------------------------------------


def test_each_organisation_has_its_own_chain_starting_at_one(dsl, outsider_dsl, learner):
    case = case_services.open_case_from_concern(dsl, make_concern(dsl, learner))
    case_services.record_decision(dsl, case, kind=DecisionKind.INTERNAL_SUPPORT, rationale="M.")
    make_concern(outsider_dsl)

    ours, theirs = chain_of(dsl.organisation), chain_of(outsider_dsl.organisation)

    assert len(ours) >= 4
    assert len(theirs) == 1
    assert_linked(ours)
    assert_linked(theirs)
    assert {e.organisation_id for e in ours} == {dsl.organisation_id}
    assert {e.organisation_id for e in theirs} == {outsider_dsl.organisation_id}
    head = AuditChain.objects.get(key=chain_key(dsl.organisation))
    assert (head.last_sequence, head.last_hash) == (ours[-1].sequence, ours[-1].hash)


def test_sign_ins_go_on_the_platform_chain(client, dsl, deputy):
    login(client, dsl)
    client.logout()
    login(client, deputy)

    events = chain_of(None)

    assert [e.chain for e in events] == [PLATFORM_CHAIN] * 3
    assert [(e.action, e.actor) for e in events] == [
        (AuditAction.LOGIN, dsl.user),
        (AuditAction.LOGOUT, dsl.user),
        (AuditAction.LOGIN, deputy.user),
    ]
    assert all(e.organisation is None for e in events)
    assert_linked(events)


def test_signing_in_through_the_login_page_is_recorded(client, dsl):
    response = client.post("/accounts/login/", {"login": dsl.user.email, "password": PASSWORD})

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == dsl.user
    assert event.object_id == dsl.user.public_id
    assert event.ip_address == "127.0.0.1"
    assert event.chain == PLATFORM_CHAIN


@pytest.mark.parametrize("existing", [True, False], ids=["known account", "unknown email"])
def test_a_failed_sign_in_is_recorded_without_the_typed_email(client, dsl, existing):
    typed = dsl.user.email if existing else "nobody.invented@larkfield.example"

    response = client.post("/accounts/login/", {"login": typed, "password": "wrong-password"})

    assert response.status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()
    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.chain == PLATFORM_CHAIN
    assert event.object_id == (dsl.user.public_id if existing else None)
    stored = " ".join(
        str(v) for v in AuditEvent.objects.filter(pk=event.pk).values().get().values()
    )
    assert typed not in stored
    assert typed.split("@")[0] not in stored
    assert "wrong-password" not in stored


def test_a_denied_page_is_recorded(client, teacher):
    login(client, teacher)

    response = client.get("/cases/")

    assert response.status_code == 403
    event = AuditEvent.objects.get(action=AuditAction.ACCESS_DENIED)
    assert event.actor == teacher.user
    assert event.organisation == teacher.organisation
    assert event.summary == "Denied: safeguarding cases"


def test_viewing_a_case_is_recorded_and_shown_on_its_access_log(client, dsl, deputy, learner):
    case = case_services.open_case_from_concern(dsl, make_concern(dsl, learner))
    login(client, deputy)
    client.get(reverse("cases:detail", kwargs={"public_id": case.public_id}))

    event = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert (event.actor, event.object_type, event.object_id) == (
        deputy.user,
        "case",
        case.public_id,
    )
    client.logout()
    login(client, dsl)
    page = client.get(reverse("cases:access_log", kwargs={"public_id": case.public_id}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Viewed case" in text
    assert deputy.user.full_name in text


def test_audit_events_hold_no_narrative(dsl, teacher, learner):
    concern = make_concern(teacher, learner, narrative="An invented sentence nobody else says.")
    case = case_services.open_case_from_concern(dsl, concern)
    case_services.add_note(dsl, case, body="A second invented sentence.")

    stored = " ".join(str(v) for row in AuditEvent.objects.values() for v in row.values())

    assert "invented sentence" not in stored
    assert learner.family_name not in stored


# --- Append-only in the application ---------------------------------------------------


def test_an_event_refuses_to_be_saved_again_or_deleted(dsl):
    event = some_events(dsl, 1)[0]
    event.summary = "Rewritten"

    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert AuditEvent.objects.get(pk=event.pk).summary == "Invented change 1"


def test_the_queryset_refuses_update_and_delete(dsl):
    event = some_events(dsl, 1)[0]

    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(summary="Rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    event.summary = "Rewritten"
    # bulk_update joins the caller's transaction; our savepoint keeps the test's usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update([event], ["summary"])

    assert AuditEvent.objects.get(pk=event.pk).summary == "Invented change 1"


# --- verify_audit ---------------------------------------------------------------------


def verify() -> tuple[int, str, str]:
    """Run ``verify_audit``: (exit status, stdout, stderr and the error message)."""
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode or 1, out.getvalue(), f"{err.getvalue()}{error}"
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def drop_triggers() -> None:
    """Lift the append-only triggers, as an attacker with database access could.

    The test's transaction is rolled back afterwards, which puts them back.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update ON audit_auditevent")


def raw(sql: str, *params: str | int | None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_verify_audit_passes_an_intact_trail(client, dsl, outsider_dsl):
    some_events(dsl)
    some_events(outsider_dsl, 2)
    login(client, dsl)

    status, out, _ = verify()

    assert status == 0
    assert f"{AuditEvent.objects.count()} events verified" in out
    assert not verify_all()


def test_verify_audit_passes_an_empty_trail(db):
    assert verify()[0] == 0


def test_verify_audit_finds_an_altered_summary(dsl, outsider_dsl):
    events = some_events(dsl)
    some_events(outsider_dsl, 2)
    drop_triggers()
    raw("UPDATE audit_auditevent SET summary = %s WHERE id = %s", "Nothing to see", events[2].pk)

    status, _, err = verify()

    assert status != 0
    assert f"chain {events[2].chain} at sequence 3 (event id {events[2].pk})" in err
    assert "event content altered" in err
    assert "1 audit chain(s) broken" in err


def test_verify_audit_finds_an_event_deleted_from_the_middle(dsl):
    events = some_events(dsl)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE id = %s", events[1].pk)

    status, _, err = verify()

    assert status != 0
    # Sequence 2 is missing; the first event out of place is the one numbered 3.
    assert f"at sequence 2 (event id {events[2].pk}): event missing or out of order" in err


def test_verify_audit_finds_an_event_deleted_from_the_end(dsl):
    events = some_events(dsl)
    drop_triggers()
    raw("DELETE FROM audit_auditevent WHERE id = %s", events[-1].pk)

    status, _, err = verify()

    assert status != 0
    assert f"chain {events[-1].chain} at sequence 5 (end of chain)" in err
    assert "events removed from the end" in err


def test_verify_audit_finds_two_events_swapped(dsl):
    events = some_events(dsl)
    second, third = events[1], events[2]
    drop_triggers()
    raw("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", -1, second.pk)
    raw("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", 2, third.pk)
    raw("UPDATE audit_auditevent SET sequence = %s WHERE id = %s", 3, second.pk)

    status, _, err = verify()

    assert status != 0
    assert f"at sequence 2 (event id {third.pk}): link to the previous event broken" in err


def test_verify_audit_finds_a_rewritten_last_event_with_a_fresh_hash(dsl):
    events = some_events(dsl)
    last = events[-1]
    last.summary = "Nothing to see"
    drop_triggers()
    raw(
        "UPDATE audit_auditevent SET summary = %s, hash = %s WHERE id = %s",
        last.summary,
        last.compute_hash(),
        last.pk,
    )

    status, _, err = verify()

    assert status != 0
    assert f"at sequence 5 (event id {last.pk}): last event altered" in err


def _forge(events: list[AuditEvent], seal: Any) -> None:
    """Rewrite the first event's summary and re-chain every event after it with ``seal``,
    head included: what someone with write access to the database could do."""
    previous = events[0].prev_hash
    for number, event in enumerate(events):
        if number == 0:
            event.summary = "Nothing to see"
        event.prev_hash = previous
        event.hash = seal(event)
        raw(
            "UPDATE audit_auditevent SET summary = %s, prev_hash = %s, hash = %s WHERE id = %s",
            event.summary,
            event.prev_hash,
            event.hash,
            event.pk,
        )
        previous = event.hash
    raw("UPDATE audit_auditchain SET last_hash = %s WHERE key = %s", previous, events[0].chain)


def test_a_chain_downgraded_to_unsealed_hashes_does_not_verify(dsl):
    events = some_events(dsl)
    drop_triggers()
    raw("UPDATE audit_auditevent SET key_id = '' WHERE chain = %s", events[0].chain)
    for event in events:
        event.key_id = ""

    def seal(event: AuditEvent) -> str:
        encoded = json.dumps(event.payload(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(encoded.encode()).hexdigest()

    _forge(events, seal)
    status, _, err = verify()

    assert status != 0
    assert f"at sequence 1 (event id {events[0].pk}): not sealed with an audit key" in err


def test_every_event_names_the_key_that_sealed_it(dsl):
    event = some_events(dsl, 1)[0]
    assert event.key_id == "dev"
    assert event.hash == event.compute_hash()
    assert (
        event.hash
        != hashlib.sha256(
            json.dumps(event.payload(), sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
    )


@pytest.mark.parametrize("forger", ["plain sha-256", "a key of their own"])
def test_a_chain_rebuilt_without_the_audit_key_does_not_verify(dsl, forger):
    events = some_events(dsl)
    drop_triggers()
    if forger == "plain sha-256":

        def seal(event: AuditEvent) -> str:
            encoded = json.dumps(event.payload(), sort_keys=True, separators=(",", ":"))
            return hashlib.sha256(encoded.encode()).hexdigest()
    else:

        def seal(event: AuditEvent) -> str:
            encoded = json.dumps(event.payload(), sort_keys=True, separators=(",", ":"))
            return hmac.new(b"k" * 32, encoded.encode(), "sha256").hexdigest()

    _forge(events, seal)
    status, _, err = verify()

    assert status != 0
    assert f"at sequence 1 (event id {events[0].pk}): event content altered" in err


def test_an_event_sealed_with_an_unknown_key_is_reported(dsl, settings):
    event = some_events(dsl, 1)[0]
    settings.AUDIT_KEYS = "other:" + base64.b64encode(b"o" * 32).decode()

    status, _, err = verify()

    assert status != 0
    assert f"sealed with audit key {event.key_id!r}, which is not in DUEREGARD_AUDIT_KEYS" in err


def test_a_new_key_seals_new_events_and_old_ones_still_verify(dsl, settings):
    some_events(dsl, 2)
    settings.AUDIT_KEYS += ",2027:" + base64.b64encode(b"n" * 32).decode()
    newer = some_events(dsl, 2)

    assert {event.key_id for event in newer} == {"2027"}
    status, out, _ = verify()
    assert status == 0, out


# --- Append-only in the database ------------------------------------------------------
# These come after the tampering tests: they also show the dropped triggers came back.


def test_the_database_refuses_a_raw_update(dsl):
    event = some_events(dsl, 1)[0]

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_auditevent SET summary = %s WHERE id = %s", "Rewritten", event.pk)

    assert AuditEvent.objects.get(pk=event.pk).summary == "Invented change 1"


def test_the_database_refuses_a_raw_delete(dsl):
    event = some_events(dsl, 1)[0]

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_auditevent WHERE id = %s", event.pk)

    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert verify()[0] == 0


def test_the_audit_records_the_client_address_the_trusted_proxy_saw(settings, rf):
    from dueregard.audit.context import client_ip

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    behind_proxy = rf.get(
        "/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(behind_proxy) == "203.0.113.9"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(behind_proxy) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    forged = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-address", REMOTE_ADDR="10.0.0.2")
    assert client_ip(forged) is None
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1")) == "192.0.2.1"


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (None, "DUEREGARD_AUDIT_KEYS must be set in the production profile"),
        (DEV_AUDIT_KEYS, "DUEREGARD_AUDIT_KEYS holds the published dev key"),
        ("k1:short", "DUEREGARD_AUDIT_KEYS key 'k1' is not valid base64"),
    ],
    ids=["missing", "dev-key", "malformed"],
)
def test_production_refuses_to_start_without_proper_audit_keys(keys, message, tmp_path):
    from dueregard.core.tests.test_settings import PRODUCTION_ENV, manage

    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DUEREGARD_AUDIT_KEYS"}
    if keys is not None:
        env["DUEREGARD_AUDIT_KEYS"] = keys
    completed = manage("check", env=env, tmp_path=tmp_path)
    assert completed.returncode != 0
    assert message in completed.stderr
