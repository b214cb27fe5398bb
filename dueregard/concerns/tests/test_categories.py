"""The organisation's own safeguarding categories: defaults, the DSL's changes, the
reporter's short list, the case's counting category, closing and the case list's filters."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from conftest import login
from dueregard.audit.models import AuditEvent
from dueregard.cases import services as cases
from dueregard.cases.dashboard import cases_by_category
from dueregard.cases.models import Case, CaseStatus, DecisionKind
from dueregard.cases.tests.builders import open_case, refresh
from dueregard.concerns import categories
from dueregard.concerns.dashboard import monthly_figures
from dueregard.concerns.forms import ConcernForm
from dueregard.concerns.models import ConcernType, SafeguardingCategory
from dueregard.concerns.taxonomy import add_default_categories, default_categories
from dueregard.core.errors import DomainError, FieldErrors, NotPermitted, TransitionNotAllowed
from dueregard.organisations.founding import create_organisation
from dueregard.organisations.models import Membership, OrganisationKind
from dueregard.people.models import Person
from dueregard.testing.factories import in_scope, make_concern


def _category(membership: Membership, key: str) -> SafeguardingCategory:
    return SafeguardingCategory.objects.get(organisation_id=membership.organisation_id, key=key)


def _prevent_type() -> ConcernType:
    found = ConcernType.objects.filter(is_not_sure=False).first()
    assert found is not None
    return found


# --- The defaults ----------------------------------------------------------------------


def test_a_new_organisation_starts_with_the_default_categories_and_one_prevent(dsl):
    rows = list(SafeguardingCategory.objects.filter(organisation=dsl.organisation))
    assert [r.key for r in rows] == [c["key"] for c in default_categories()]
    assert len(rows) == 19
    assert [r.key for r in rows if r.is_prevent] == ["radicalisation"]
    expected = {"neglect", "child-on-child-abuse", "county-lines", "fgm", "forced-marriage"}
    assert expected <= {r.key for r in rows}
    assert all(r.retired_at is None for r in rows)


@pytest.mark.unscoped
def test_founding_an_organisation_gives_it_the_defaults(db):
    membership = create_organisation(
        name="Invented Sixth Form",
        slug="invented-sixth",
        kind=OrganisationKind.values[0],
        dsl_email="lead@invented-sixth.example",
        dsl_full_name="Ivy Lead",
    )
    with in_scope(membership):
        found = SafeguardingCategory.objects.filter(organisation_id=membership.organisation_id)
        assert found.count() == len(default_categories())


def test_the_migration_gives_existing_organisations_the_missing_defaults_once(dsl):
    org = dsl.organisation
    _category(dsl, "neglect").delete()
    _category(dsl, "attendance").delete()
    migration = importlib.import_module(
        "dueregard.concerns.migrations.0008_safeguarding_categories"
    )

    migration.seed_existing_organisations(django_apps, None)
    migration.seed_existing_organisations(django_apps, None)

    keys = list(SafeguardingCategory.objects.filter(organisation=org).values_list("key", flat=True))
    assert sorted(keys) == sorted(c["key"] for c in default_categories())
    assert add_default_categories(SafeguardingCategory, org.pk) == 0


def test_a_renamed_default_is_left_alone_by_seeding_again(dsl):
    categories.change_category(
        dsl, _category(dsl, "neglect"), name="Neglect and care", shown_to_reporters=True
    )
    assert add_default_categories(SafeguardingCategory, dsl.organisation_id) == 0
    assert _category(dsl, "neglect").name == "Neglect and care"


# --- The DSL's changes ------------------------------------------------------------------


def test_the_dsl_adds_a_category_at_the_end_with_a_stable_key(dsl):
    added = categories.add_category(dsl, name="  Bereavement   and loss ", shown_to_reporters=False)
    assert (added.name, added.key, added.shown_to_reporters) == (
        "Bereavement and loss",
        "bereavement-and-loss",
        False,
    )
    assert added.order == 19
    event = AuditEvent.objects.get(code="safeguarding_category.added")
    assert event.context == {"key": "bereavement-and-loss"}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Enter the category's name."),
        ("   ", "Enter the category's name."),
        ("x" * 81, "80 characters or fewer"),
        ("NEGLECT", "already has a category with this name"),
        ("  online   safety ", "already has a category with this name"),
    ],
)
def test_a_bad_or_duplicate_name_is_refused_on_the_field(dsl, name, message):
    before = SafeguardingCategory.objects.count()
    with pytest.raises(FieldErrors, match=message) as raised:
        categories.add_category(dsl, name=name)
    assert raised.value.problems[0][0] == "name"
    assert SafeguardingCategory.objects.count() == before


def test_a_retired_categorys_name_is_still_taken(dsl):
    categories.retire_category(dsl, _category(dsl, "attendance"))
    with pytest.raises(FieldErrors, match="already has"):
        categories.add_category(dsl, name="Attendance")


def test_a_rename_shows_on_old_records_and_the_trail_keeps_both_names(dsl, learner):
    case = open_case(dsl, learner)
    cases.set_category(dsl, case, _category(dsl, "online-safety"))

    categories.change_category(
        dsl,
        _category(dsl, "online-safety"),
        name="Online safety and gaming",
        shown_to_reporters=True,
    )

    renamed = refresh(case).safeguarding_category
    assert renamed is not None
    assert renamed.name == "Online safety and gaming"
    event = AuditEvent.objects.get(code="safeguarding_category.renamed")
    assert event.context == {
        "key": "online-safety",
        "from": "Online safety",
        "to": "Online safety and gaming",
    }
    # The chronology line written under the old name is history: it is not rewritten.
    assert case.chronology.filter(title="Category set: Online safety").exists()


def test_renaming_onto_another_categorys_name_is_refused(dsl):
    with pytest.raises(FieldErrors, match="already has"):
        categories.change_category(
            dsl, _category(dsl, "neglect"), name="mental health", shown_to_reporters=True
        )


def test_saving_with_nothing_changed_writes_nothing(dsl):
    category = _category(dsl, "neglect")
    before = AuditEvent.objects.count()
    categories.change_category(dsl, category, name="Neglect", shown_to_reporters=True)
    assert AuditEvent.objects.count() == before


def test_retiring_twice_and_restoring_an_unretired_category_are_refused(dsl):
    category = _category(dsl, "attendance")
    categories.retire_category(dsl, category)
    with pytest.raises(TransitionNotAllowed, match="already retired"):
        categories.retire_category(dsl, category)
    categories.restore_category(dsl, category)
    with pytest.raises(TransitionNotAllowed, match="already in use"):
        categories.restore_category(dsl, category)
    codes = list(
        AuditEvent.objects.filter(code__startswith="safeguarding_category.").values_list(
            "code", flat=True
        )
    )
    assert codes == ["safeguarding_category.retired", "safeguarding_category.restored"]


def test_the_prevent_category_cannot_be_retired(dsl):
    with pytest.raises(TransitionNotAllowed, match="Prevent category cannot be retired"):
        categories.retire_category(dsl, _category(dsl, "radicalisation"))


def test_moving_swaps_neighbours_and_stops_at_either_end(dsl):
    first, second = list(SafeguardingCategory.objects.filter(organisation=dsl.organisation))[:2]
    categories.move_category(dsl, second, direction="up")
    keys = list(
        SafeguardingCategory.objects.filter(organisation=dsl.organisation).values_list(
            "key", flat=True
        )
    )
    assert keys[:2] == [second.key, first.key]
    with pytest.raises(TransitionNotAllowed, match="already first"):
        categories.move_category(dsl, second, direction="up")
    last = list(SafeguardingCategory.objects.filter(organisation=dsl.organisation))[-1]
    with pytest.raises(TransitionNotAllowed, match="already last"):
        categories.move_category(dsl, last, direction="down")
    with pytest.raises(FieldErrors):
        categories.move_category(dsl, last, direction="sideways")


def test_moving_passes_over_retired_categories(dsl):
    categories.retire_category(dsl, _category(dsl, "fgm"))
    categories.move_category(dsl, _category(dsl, "forced-marriage"), direction="up")
    in_use = list(
        SafeguardingCategory.objects.filter(
            organisation=dsl.organisation, retired_at__isnull=True
        ).values_list("key", flat=True)
    )
    assert in_use.index("forced-marriage") == in_use.index("county-lines") - 1


def test_only_the_dsl_runs_the_categories(deputy, admin, teacher):
    for member in (deputy, admin, teacher):
        with pytest.raises(NotPermitted):
            categories.add_category(member, name="Bereavement")
        with pytest.raises(NotPermitted):
            categories.retire_category(member, _category(member, "attendance"))


def test_another_organisations_category_cannot_be_changed(dsl, outsider_dsl):
    with in_scope(outsider_dsl):
        theirs = _category(outsider_dsl, "neglect")
    with pytest.raises(TransitionNotAllowed):
        categories.retire_category(dsl, theirs)
    with pytest.raises(TransitionNotAllowed):
        categories.change_category(dsl, theirs, name="Mine now", shown_to_reporters=True)


# --- The reporter's short list ----------------------------------------------------------


def test_reporters_choose_from_the_short_list_only(teacher, dsl):
    categories.retire_category(dsl, _category(dsl, "substance-misuse"))
    form = ConcernForm(teacher)
    offered = [str(label) for _value, label in form.fields["reported_category"].choices]  # type: ignore[attr-defined]
    assert offered[0] == "Not sure"
    assert "Neglect" in offered
    assert "Substance misuse" not in offered  # retired
    assert "County lines" not in offered  # on the DSL's list only
    assert "Radicalisation (Prevent)" in offered


def test_a_retired_or_foreign_category_is_refused_for_a_new_concern(teacher, dsl, outsider_dsl):
    retired = categories.retire_category(dsl, _category(dsl, "attendance"))
    with pytest.raises(DomainError, match="kind of concern"):
        make_concern(teacher, None, reported_category=retired)
    with in_scope(outsider_dsl):
        theirs = _category(outsider_dsl, "neglect")
    with pytest.raises(DomainError, match="kind of concern"):
        make_concern(teacher, None, reported_category=theirs)


def test_the_reporters_choice_is_kept_on_the_concern(teacher, dsl):
    concern = make_concern(teacher, None, reported_category=_category(dsl, "online-safety"))
    assert concern.reported_category is not None
    assert concern.reported_category.key == "online-safety"


# --- The case's category and closing ----------------------------------------------------


def test_a_case_cannot_be_closed_without_a_category(dsl, learner):
    case = open_case(dsl, learner)
    with pytest.raises(DomainError, match="Set the case's category before closing it"):
        cases.close_case(dsl, case, outcome_summary="Support worked.")
    with pytest.raises(DomainError, match="Set the case's category before closing it"):
        cases.record_decision(dsl, case, kind=DecisionKind.NO_FURTHER_ACTION, rationale="None.")
    assert refresh(case).status == CaseStatus.AWAITING_DECISION

    cases.set_category(dsl, case, _category(dsl, "neglect"))
    cases.close_case(dsl, refresh(case), outcome_summary="Support worked.")
    assert refresh(case).status == CaseStatus.CLOSED


def test_a_prevent_case_needs_its_prevent_type_before_closing(dsl, learner):
    case = open_case(dsl, learner)
    cases.set_category(dsl, case, _category(dsl, "radicalisation"))
    with pytest.raises(DomainError, match="Choose the Prevent type"):
        cases.close_case(dsl, refresh(case), outcome_summary="Done.")
    cases.set_category(dsl, case, _category(dsl, "radicalisation"), _prevent_type())
    cases.close_case(dsl, refresh(case), outcome_summary="Done.")


def test_a_prevent_type_chosen_at_triage_puts_the_case_in_the_prevent_category(dsl, teacher):
    case = cases.open_case_from_concern(dsl, make_concern(teacher), category=_prevent_type())
    assert case.safeguarding_category is not None
    assert case.safeguarding_category.is_prevent


def test_a_prevent_type_only_goes_with_the_prevent_category(dsl, learner):
    case = open_case(dsl, learner)
    with pytest.raises(FieldErrors, match="only for a case in the Prevent category"):
        cases.set_category(dsl, case, _category(dsl, "neglect"), _prevent_type())
    not_sure = ConcernType.objects.get(is_not_sure=True)
    with pytest.raises(FieldErrors, match="not sure"):
        cases.set_category(dsl, case, _category(dsl, "radicalisation"), not_sure)


def test_a_retired_category_stays_on_its_case_but_is_not_chosen_anew(dsl, learner):
    kept = open_case(dsl, learner)
    cases.set_category(dsl, kept, _category(dsl, "attendance"))
    retired = categories.retire_category(dsl, _category(dsl, "attendance"))
    cases.set_category(dsl, refresh(kept), retired)  # saving the case's form again is fine
    fresh = open_case(dsl, learner)
    with pytest.raises(FieldErrors, match="retired"):
        cases.set_category(dsl, fresh, retired)


def test_another_organisations_category_cannot_go_on_a_case(dsl, learner, outsider_dsl):
    with in_scope(outsider_dsl):
        theirs = _category(outsider_dsl, "neglect")
    with pytest.raises(FieldErrors, match="your organisation's categories"):
        cases.set_category(dsl, open_case(dsl, learner), theirs)


def test_a_closed_case_keeps_a_category(dsl, learner):
    case = open_case(dsl, learner)
    cases.set_category(dsl, case, _category(dsl, "neglect"))
    cases.close_case(dsl, refresh(case), outcome_summary="Done.")
    with pytest.raises(FieldErrors, match="keeps a category"):
        cases.set_category(dsl, refresh(case), None)


# --- The figures ------------------------------------------------------------------------


def test_the_figures_count_prevent_and_other_safeguarding_apart(dsl, teacher, learner):
    prevent = cases.open_case_from_concern(dsl, make_concern(teacher), category=_prevent_type())
    neglect = open_case(dsl, learner)
    cases.set_category(dsl, neglect, _category(dsl, "neglect"))
    open_case(dsl, learner)  # not yet set
    make_concern(teacher, None, reported_category=_category(dsl, "online-safety"))

    figures = cases_by_category(dsl.organisation_id)
    assert [(r.label, r.count) for r in figures.kind] == [
        ("Prevent (radicalisation)", 1),
        ("Other safeguarding", 1),
        ("Category not yet set", 1),
    ]
    assert ("Neglect", 1) in [(r.label, r.count) for r in figures.category]
    assert [(r.label, r.count) for r in figures.prevent_type] == [(_prevent_type().label, 1)]
    monthly = monthly_figures(dsl.organisation_id)
    assert monthly.all[-1].count == 4
    assert monthly.prevent[-1].count == 1
    assert monthly.other[-1].count == 2  # the neglect case's concern and the reporter's choice
    assert prevent.pk


# --- The pages --------------------------------------------------------------------------


def test_the_settings_page_lists_the_categories_and_adds_one(client: Client, dsl):
    login(client, dsl)
    page = client.get(reverse("concerns:categories"))
    assert page.status_code == 200
    assert "County lines" in page.content.decode()
    response = client.post(reverse("concerns:categories"), {"name": "Bereavement"})
    assert response.status_code == 302
    assert _category(dsl, "bereavement").shown_to_reporters is False  # an unticked box
    again = client.post(reverse("concerns:categories"), {"name": "bereavement"})
    assert again.status_code == 200
    assert "already has a category with this name" in again.content.decode()


def test_retiring_twice_through_the_page_is_a_409_with_the_reason(client: Client, dsl):
    login(client, dsl)
    url = reverse(
        "concerns:category_retire", kwargs={"public_id": _category(dsl, "attendance").public_id}
    )
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert second.status_code == 409
    assert "already retired" in second.content.decode()


def test_the_case_list_filters_by_category_lead_and_overdue_and_sorts(
    client: Client, dsl, deputy, learner: Person
):
    neglect = open_case(dsl, learner)
    cases.set_category(dsl, neglect, _category(dsl, "neglect"))
    other = open_case(deputy, learner)
    login(client, dsl)

    def listed(query: str) -> set[str]:
        response = client.get(reverse("cases:list") + query)
        assert response.status_code == 200
        page = response.content.decode()
        return {c.reference for c in (neglect, other) if c.reference in page}

    assert listed("?category=neglect") == {neglect.reference}
    assert listed(f"?lead={deputy.user.public_id}") == {other.reference}
    assert listed("?overdue=on") == set()
    assert listed("?sort=reference&status=all") == {neglect.reference, other.reference}
    # Values that are not offered are ignored with a message, never a 500.
    assert listed("?category=nonsense&lead=not-a-uuid&site=1&sort=up&page=x") == {
        neglect.reference,
        other.reference,
    }
    event = AuditEvent.objects.filter(code="case.list_viewed").order_by("-id")[1]
    assert event.context["sort"] == "reference"


def test_the_case_list_keeps_its_filters_across_pages(client: Client, dsl, learner):
    for _ in range(26):
        cases.set_category(dsl, open_case(dsl, learner), _category(dsl, "neglect"))
    login(client, dsl)
    page = client.get(reverse("cases:list") + "?category=neglect").content.decode()
    assert "26 cases" in page
    assert "category=neglect&amp;page=2" in page
    second = client.get(reverse("cases:list") + "?category=neglect&page=2").content.decode()
    assert "Page 2 of 2" in second
    beyond = client.get(reverse("cases:list") + "?category=neglect&page=9").content.decode()
    assert "Page 2 of 2" in beyond


def test_case_rows_point_at_category_rows_not_names(dsl, learner):
    case = open_case(dsl, learner)
    cases.set_category(dsl, case, _category(dsl, "neglect"))
    assert Case.objects.filter(pk=case.pk, safeguarding_category__key="neglect").exists()
