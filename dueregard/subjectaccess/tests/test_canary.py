"""Nothing held about a person is missed by their subject access response.

The test is driven by the registry of personal data: for every model the registry says can
be about a person, a unique canary is written into every personal text field of each of
its rows about the person, and into a file; the export is unzipped and every canary must
be in the JSON (and the text ones in the PDF's source data), the file among the
attachments. A new model that declares its link is covered without a change here; one
whose rows the builders do not make fails, naming it.

Every name and story here is invented.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

import pytest
from django.db import connection, models
from django.db.models import Q

from dueregard.core import crypto
from dueregard.core.fields import EncryptedTextField
from dueregard.core.personal_data import registry
from dueregard.sharing.models import Disclosure, DisclosureKind
from dueregard.subjectaccess import services
from dueregard.subjectaccess.collect import collect
from dueregard.subjectaccess.export import export_response
from dueregard.subjectaccess.models import TermDecision
from dueregard.subjectaccess.tests.builders import a_request, everything_about
from dueregard.testing.factories import make_person

CANARY_FILE = b"CANARY-FILE-7f3a: the bytes of an attachment about the person.\n"


def _about(model: type[models.Model], person_id: int) -> list[int]:
    about = Q()
    for m, path in registry().models_about_person():
        if m is model:
            about |= Q(**{path or "pk": person_id})
    return sorted(set(model._base_manager.filter(about).values_list("pk", flat=True)))


def _is_text(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.CharField | models.TextField) and not field.choices


def _write(model: type[models.Model], pk: int, field: models.Field[Any, Any], text: str) -> None:
    """Put ``text`` in the column as the application would store it (past append-only)."""
    value: str = text
    if isinstance(field, EncryptedTextField):
        public_id = model._base_manager.filter(pk=pk).values_list("public_id", flat=True).get()
        value = crypto.encrypt_text(text, field.associated_data(public_id))
    elif getattr(field, "max_length", None):
        value = text[: field.max_length]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def _plant(person_id: int) -> dict[str, str]:
    """A unique canary in every personal text field of every row about the person."""
    canaries: dict[str, str] = {}
    missing: list[str] = []
    for entry in registry():
        if not entry.declared.person:
            continue
        pks = _about(entry.model, person_id)
        if not pks:
            missing.append(entry.label)
            continue
        for name in entry.declared.fields:
            field = entry.model._meta.get_field(name)
            if not _is_text(field):  # type: ignore[arg-type]
                continue
            for pk in pks:
                canary = f"CNR{len(canaries):04d}"
                _write(entry.model, pk, field, canary)  # type: ignore[arg-type]
                canaries[canary] = f"{entry.label}.{name} (row {pk})"
    assert not missing, (
        "the registry says these can be about a person, but the test made no row of them: "
        f"add one to subjectaccess/tests/builders.py: {missing}"
    )
    return canaries


@pytest.fixture
def response_world(private_root, dsl, deputy, teacher, learner):
    other = make_person(dsl.organisation, "Sam", "Quenby")
    everything_about(dsl, deputy, teacher, learner, other, file=CANARY_FILE)
    learner.date_of_birth = date(2010, 5, 17)
    learner.save()
    sar = a_request(dsl, learner)
    return sar


def _decide_all(membership, sar, decision: str = TermDecision.ACCEPTED) -> None:
    services.find_names(membership, sar)
    for term in sar.terms.filter(decision=TermDecision.PROPOSED):
        services.decide(membership, term, decision)


def _unzip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_canary_every_personal_field_and_file_is_in_the_response(response_world, dsl):
    sar = response_world
    canaries = _plant(sar.person_id)
    assert len(canaries) > 20
    # Every proposal kept: redaction is tested on its own; here nothing may be missing.
    _decide_all(dsl, sar, TermDecision.OVERRIDDEN)

    files = _unzip(export_response(dsl, sar).content)

    text = files["response.json"].decode("utf-8")
    data = json.loads(text)
    missed = [f"{canary}: {where}" for canary, where in canaries.items() if canary not in text]
    assert not missed, "not in the response:\n" + "\n".join(missed)
    assert "2010-05-17" in text  # a date field too
    attachments = [name for name in files if name.startswith("attachments/")]
    assert any(files[name] == CANARY_FILE for name in attachments)
    assert "response.pdf" in files and files["response.pdf"].startswith(b"%PDF")
    assert data["person"]["id"] == str(sar.person.public_id)


def test_every_model_about_a_person_is_collected(response_world, dsl):
    """A model the registry says is about a person, with rows about them, is in the
    response: the collector has no list of its own to forget it from."""
    sar = response_world
    held = collect(dsl, sar)
    collected = {section.label for section in held.sections}
    about = {m._meta.label for m, _path in registry().models_about_person()}
    assert about - collected == set()
    assert held.blocked == 0  # the DSL is named on the restricted case


def test_the_export_is_logged_as_a_disclosure_and_audited(response_world, dsl):
    sar = response_world
    _decide_all(dsl, sar)

    response = export_response(dsl, sar)

    sar.refresh_from_db()
    assert sar.status == "sent" and sar.sent_at is not None
    disclosure = Disclosure.objects.get(kind=DisclosureKind.SAR)
    assert disclosure.person_id == sar.person_id
    assert disclosure.lawful_basis_art6 == "6_1_c"
    from dueregard.audit.models import AuditEvent

    event = AuditEvent.objects.get(code="subject_access.exported")
    assert event.object_id == sar.public_id
    assert event.context["records"] == response.records
    assert response.filename.endswith(".zip") and "Ashdown" not in response.filename


def test_accepted_names_are_redacted_and_overridden_ones_kept(response_world, dsl):
    sar = response_world
    services.find_names(dsl, sar)
    for term in sar.terms.all():
        keep = term.text == "Sam"
        services.decide(dsl, term, TermDecision.OVERRIDDEN if keep else TermDecision.ACCEPTED)

    files = _unzip(export_response(dsl, sar).content)

    text = files["response.json"].decode("utf-8")
    assert "Quenby" not in text
    assert "Invented Carer" not in text  # a carer outside the directory: proposed too
    assert "Invented Chair" not in text  # a panel attendee
    assert "[redacted]" in text
    assert "Robin" in text and "Ashdown" in text  # the person's own name stays


def test_undecided_proposals_stop_the_export(response_world, dsl):
    from dueregard.core.errors import DomainError

    with pytest.raises(DomainError, match="Decide each proposed redaction"):
        export_response(dsl, response_world)
    assert not Disclosure.objects.filter(kind=DisclosureKind.SAR).exists()


def test_records_on_a_restricted_case_stop_the_export_for_a_member_not_named(
    private_root, dsl, deputy, teacher, learner
):
    from dueregard.cases import services as cases
    from dueregard.core.errors import DomainError
    from dueregard.testing.factories import make_concern

    case = cases.open_case_from_concern(dsl, make_concern(teacher, learner))
    cases.restrict_case(dsl, case, [dsl.user])
    sar = a_request(deputy, learner)
    held = collect(deputy, sar)
    assert held.blocked > 0
    assert "cases.Case" not in {s.label for s in held.sections}
    _decide_all(deputy, sar)
    with pytest.raises(DomainError, match="restricted cases"):
        export_response(deputy, sar)
    assert collect(dsl, sar).blocked == 0


def test_a_member_of_staff_gets_their_staff_records_too(private_root, dsl, teacher):
    from django.utils import timezone

    from dueregard.people.models import PersonKind
    from dueregard.training.tests.builders import make_course, make_record

    person = make_person(dsl.organisation, "Tamsin", "Tutor", kind=PersonKind.STAFF)
    make_record(dsl, teacher, make_course(dsl), timezone.localdate())
    sar = a_request(dsl, person, staff_user=teacher.user)
    _decide_all(dsl, sar)

    held = collect(dsl, sar)
    labels = {section.label for section in held.sections}
    assert {"training.TrainingRecord", "organisations.Membership", "accounts.User"} <= labels
    files = _unzip(export_response(dsl, sar).content)
    text = files["response.json"].decode("utf-8")
    assert teacher.user.email in text
    assert "password" not in text  # never the account's password hash
    staff_terms = {t.text for t in sar.terms.all()}
    assert teacher.user.full_name not in staff_terms  # their own name is not redacted


def test_a_staff_accounts_rows_of_another_organisation_are_left_out(
    private_root, dsl, teacher, outsider_dsl
):
    from django.utils import timezone

    from dueregard.organisations.models import Role
    from dueregard.testing.factories import in_scope, make_member
    from dueregard.training.models import TrainingRecord
    from dueregard.training.tests.builders import make_course, make_record

    elsewhere = make_member(
        outsider_dsl.organisation, Role.STAFF, teacher.user.email, teacher.user.full_name
    )
    assert elsewhere.user_id == teacher.user_id
    with in_scope(outsider_dsl):
        make_record(outsider_dsl, elsewhere, make_course(outsider_dsl), timezone.localdate())
    person = make_person(dsl.organisation, "Tamsin", "Tutor")
    sar = a_request(dsl, person, staff_user=teacher.user)

    held = collect(dsl, sar)
    labels = {section.label for section in held.sections}
    assert "training.TrainingRecord" not in labels
    memberships = next(s for s in held.sections if s.label == "organisations.Membership")
    assert [r.public_id for r in memberships.records] == [str(teacher.public_id)]
    with in_scope(outsider_dsl):
        assert TrainingRecord.objects.count() == 1


def test_sending_again_asks_first_about_names_found_since(private_root, dsl, teacher, learner):
    from dueregard.core.errors import DomainError, TransitionNotAllowed
    from dueregard.testing.factories import make_concern

    sar = a_request(dsl, learner)
    _decide_all(dsl, sar)
    export_response(dsl, sar)
    newcomer = make_person(dsl.organisation, "Noor", "Latecomer")
    concern = make_concern(teacher, learner)
    concern.subjects.create(person=newcomer)

    with pytest.raises(DomainError, match="Decide each proposed redaction"):
        export_response(dsl, sar)
    _decide_all(dsl, sar)  # still possible once sent
    text = _unzip(export_response(dsl, sar).content)["response.json"].decode()
    assert "Latecomer" not in text
    assert Disclosure.objects.filter(kind=DisclosureKind.SAR).count() == 2

    # A closed request is not sent at all.
    closed = a_request(dsl, learner)
    services.close(dsl, closed, reason="Invented: withdrawn.")
    with pytest.raises(TransitionNotAllowed):
        export_response(dsl, closed)
