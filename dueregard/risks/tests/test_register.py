"""Scoring and banding, versions and movement, and the review flags of the register."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dueregard.audit.models import AuditEvent
from dueregard.core.errors import DomainError, NotPermitted
from dueregard.organisations.models import Membership
from dueregard.risks import queries, services
from dueregard.risks.models import (
    Band,
    GuidanceChange,
    RegisterVersion,
    Risk,
    RiskScoreChange,
    default_band,
)
from dueregard.risks.tests.builders import make_risk
from dueregard.testing.factories import make_concern

pytestmark = pytest.mark.django_db

EXPECTED_DEFAULT = {
    # score: band, for every score the 5x5 grid can produce
    1: "green",
    2: "green",
    3: "green",
    4: "green",
    5: "amber",
    6: "amber",
    8: "amber",
    9: "amber",
    10: "amber",
    12: "amber",
    15: "red",
    16: "red",
    20: "red",
    25: "red",
}


def test_every_cell_of_the_default_grid_has_the_documented_band(dsl: Membership) -> None:
    grid = queries.grid_for(dsl.organisation_id)
    assert len(grid) == 25
    for (likelihood, severity), band in grid.items():
        assert band == EXPECTED_DEFAULT[likelihood * severity], (likelihood, severity)
        assert default_band(likelihood * severity) == band


def test_a_risk_takes_score_and_band_from_the_grid(dsl: Membership) -> None:
    for likelihood in range(1, 6):
        for severity in range(1, 6):
            risk = make_risk(dsl, likelihood, severity)
            row = queries.risk_row(risk, queries.grid_for(dsl.organisation_id))
            assert row["score"] == likelihood * severity
            assert row["band"] == EXPECTED_DEFAULT[likelihood * severity]


def test_an_edited_grid_changes_bands_and_must_cover_every_cell(dsl: Membership) -> None:
    cells: dict[tuple[int, int], str] = {
        (lk, sv): Band.GREEN for lk in range(1, 6) for sv in range(1, 6)
    }
    cells[(1, 5)] = Band.RED  # a catastrophic outcome is red however unlikely
    cells[(5, 1)] = Band.AMBER
    services.save_grid(dsl, cells)
    grid = queries.grid_for(dsl.organisation_id)
    assert grid[(1, 5)] == Band.RED and grid[(5, 1)] == Band.AMBER and grid[(5, 5)] == "green"
    risk = make_risk(dsl, 1, 5)
    assert queries.working_rows(risk.register)[0]["band"] == Band.RED

    del cells[(3, 3)]
    with pytest.raises(DomainError, match="likelihood 3, severity 3"):
        services.save_grid(dsl, cells)
    assert queries.grid_for(dsl.organisation_id)[(3, 3)] == Band.GREEN


def test_grid_form_with_a_cell_left_blank_shows_an_error_and_saves_nothing(
    client: Client, dsl: Membership
) -> None:
    client.force_login(dsl.user)
    data = {f"cell_{lk}_{sv}": "red" for lk in range(1, 6) for sv in range(1, 6)}
    data["cell_2_4"] = ""
    response = client.post(reverse("risks:grid"), data)
    assert response.status_code == 200  # the form again, with its errors (core.formviews)
    assert "Choose a band for likelihood 2, severity 4" in response.content.decode()
    assert queries.grid_for(dsl.organisation_id)[(1, 1)] == Band.GREEN


def test_likelihood_or_severity_out_of_range_is_refused(dsl: Membership) -> None:
    with pytest.raises(DomainError):
        make_risk(dsl, 6, 3)
    with pytest.raises(DomainError):
        make_risk(dsl, 3, 0)
    assert not Risk.objects.filter(organisation=dsl.organisation).exists()


def test_every_change_of_score_is_kept_with_who_and_when(
    dsl: Membership, deputy: Membership
) -> None:
    risk = make_risk(dsl, 2, 2)
    data = services.RiskData(
        theme=risk.theme,
        intended_outcome=risk.intended_outcome,
        description=risk.description,
        likelihood=4,
        severity=3,
    )
    services.update_risk(deputy, risk, data, note="New platforms seen")
    services.update_risk(deputy, risk, data)  # same score: no new history row
    history = list(RiskScoreChange.objects.filter(risk=risk))
    assert [(h.old_score, h.new_score) for h in history] == [(None, 4), (4, 12)]
    assert history[1].created_by == deputy.user and history[1].note == "New platforms seen"
    with pytest.raises(ValueError):
        history[1].save()
    with pytest.raises(ValueError):
        RiskScoreChange.objects.filter(risk=risk).delete()


def test_staff_cannot_change_the_register(teacher: Membership, dsl: Membership) -> None:
    risk = make_risk(dsl)
    with pytest.raises(NotPermitted):
        services.set_risk_status(teacher, risk, "closed")


def test_publishing_freezes_a_version_and_the_working_copy_stays_editable(
    dsl: Membership,
) -> None:
    first = make_risk(dsl, 2, 2, description="Filtering gaps")
    falling = make_risk(dsl, 4, 4, description="Speakers unchecked")
    closing = make_risk(dsl, 3, 3, description="Old risk")
    steady = make_risk(dsl, 1, 1, description="Steady risk")
    register = first.register
    version = services.publish_version(dsl, register, summary="Annual review")
    assert [r["ref"] for r in version.risks] == ["R1", "R2", "R3", "R4"]

    def rescore(risk: Risk, lk: int, sv: int) -> None:
        data = services.RiskData(
            theme=risk.theme,
            intended_outcome=risk.intended_outcome,
            description=risk.description,
            likelihood=lk,
            severity=sv,
        )
        services.update_risk(dsl, risk, data)

    rescore(first, 5, 5)
    rescore(falling, 1, 2)
    services.set_risk_status(dsl, closing, "closed")
    make_risk(dsl, 2, 3, description="Brand new")

    frozen = RegisterVersion.objects.get(pk=version.pk)
    assert {r["ref"]: r["score"] for r in frozen.risks} == {"R1": 4, "R2": 16, "R3": 9, "R4": 1}
    with pytest.raises(ValueError):
        frozen.save()

    moves = queries.compare(frozen.risks, queries.working_rows(register))
    kinds = {m.ref: m.kind for m in moves}
    assert kinds == {"R1": "up", "R2": "down", "R3": "closed", "R4": "unchanged", "R5": "new"}
    assert queries.movement_counts(moves) == {
        "up": 1,
        "down": 1,
        "new": 1,
        "closed": 1,
        "unchanged": 1,
    }

    second = services.publish_version(dsl, register, summary="Rescored after concerns")
    assert second.number == 2
    between = {m.ref: m.kind for m in queries.compare(version.risks, second.risks)}
    assert between == kinds
    assert steady.pk


def test_any_two_versions_can_be_compared_on_the_movement_page(
    client: Client, dsl: Membership, governor: Membership
) -> None:
    risk = make_risk(dsl, 2, 2)
    one = services.publish_version(dsl, risk.register, summary="One")
    data = services.RiskData(
        theme=risk.theme,
        intended_outcome=risk.intended_outcome,
        description=risk.description,
        likelihood=3,
        severity=3,
    )
    services.update_risk(dsl, risk, data)
    two = services.publish_version(dsl, risk.register, summary="Two")
    client.force_login(governor.user)
    response = client.get(
        reverse("risks:movement") + f"?before={one.public_id}&after={two.public_id}"
    )
    assert response.status_code == 200
    assert "1 up, 0 down, 0 new, 0 closed, 0 unchanged." in response.content.decode()
    reverse_order = client.get(
        reverse("risks:movement") + f"?before={two.public_id}&after={one.public_id}"
    )
    assert "0 up, 1 down" in reverse_order.content.decode()


def test_publishing_needs_a_summary_and_some_risks(dsl: Membership) -> None:
    register = services.ensure_register(dsl.organisation)
    with pytest.raises(DomainError):
        services.publish_version(dsl, register, summary="Nothing yet")
    make_risk(dsl)
    with pytest.raises(DomainError):
        services.publish_version(dsl, register, summary="  ")
    assert not RegisterVersion.objects.filter(register=register).exists()


def test_register_is_flagged_for_review_by_each_trigger(
    dsl: Membership, teacher: Membership, learner: object
) -> None:
    risk = make_risk(dsl)
    register = risk.register
    assert queries.review_flags(register) == ["The register has not been published yet."]
    services.publish_version(dsl, register, summary="First")
    assert queries.review_flags(register) == []

    make_concern(teacher, learner)  # type: ignore[arg-type]
    assert queries.review_flags(register) == ["A concern has been raised since the last review."]
    services.publish_version(dsl, register, summary="Reviewed after the concern")
    assert queries.review_flags(register) == []

    today = timezone.localdate()
    services.update_register_details(
        dsl,
        register,
        completed_by=dsl.user,
        competence_held="Level 3",
        assessed_on=today - timedelta(days=400),
        next_review_on=today - timedelta(days=1),
    )
    register.refresh_from_db()
    assert any("review date" in flag for flag in queries.review_flags(register))
    services.update_register_details(
        dsl,
        register,
        completed_by=dsl.user,
        competence_held="Level 3",
        assessed_on=today,
        next_review_on=today + timedelta(days=365),
    )
    register.refresh_from_db()
    assert queries.review_flags(register) == []

    services.record_guidance_change(
        dsl, changed_on=today, description="Revised Prevent duty guidance in force"
    )
    flags = queries.review_flags(register)
    assert len(flags) == 1 and "Revised Prevent duty guidance" in flags[0]
    services.publish_version(dsl, register, summary="Reviewed for the new guidance")
    assert queries.review_flags(register) == []
    assert GuidanceChange.objects.count() == 1  # kept as history


def test_register_dates_in_the_wrong_order_are_refused(dsl: Membership) -> None:
    register = services.ensure_register(dsl.organisation)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.update_register_details(
            dsl,
            register,
            completed_by=None,
            competence_held="",
            assessed_on=today,
            next_review_on=today - timedelta(days=1),
        )


def test_an_owner_from_another_organisation_is_refused(
    dsl: Membership, outsider_dsl: Membership
) -> None:
    with pytest.raises(DomainError, match="member of your organisation"):
        make_risk(dsl, owner=outsider_dsl.user)
    assert not Risk.objects.filter(organisation=dsl.organisation).exists()


def test_risk_form_refuses_bad_input_and_saves_nothing(
    client: Client, dsl: Membership, outsider_dsl: Membership
) -> None:
    services.ensure_register(dsl.organisation)
    theme = services.ensure_register(dsl.organisation) and dsl.organisation
    client.force_login(dsl.user)
    from dueregard.risks.models import Theme

    theme_id = str(Theme.objects.filter(organisation=theme).first().public_id)  # type: ignore[union-attr]
    base = {
        "theme": theme_id,
        "intended_outcome": "Safe online",
        "description": "Filtering gaps",
        "likelihood": "3",
        "severity": "4",
    }
    today = timezone.localdate()
    for bad, message in [
        ({"likelihood": "6"}, "Choose a likelihood from 1 to 5"),
        ({"severity": "0"}, "Choose a severity from 1 to 5"),
        (
            {
                "last_reviewed_on": today.isoformat(),
                "next_review_on": (today - timedelta(days=3)).isoformat(),
            },
            "The next review must be after the last review",
        ),
        ({"owner": str(outsider_dsl.user.public_id)}, "Select a valid choice"),
    ]:
        response = client.post(reverse("risks:risk_add"), {**base, **bad})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert "govuk-error-summary" in response.content.decode()
    assert not Risk.objects.filter(organisation=dsl.organisation).exists()
    response = client.post(reverse("risks:risk_add"), base)
    assert response.status_code == 302
    risk = Risk.objects.get(organisation=dsl.organisation)
    assert risk.score == 12
    assert AuditEvent.objects.filter(
        object_id=risk.public_id,
        code="risk.added",
        summary="Risk added to the register",
        context={"number": 1, "score": 12},
    ).exists()


def test_heatmap_counts_each_cell_and_lists_its_risks(
    client: Client, governor: Membership, dsl: Membership
) -> None:
    make_risk(dsl, 4, 5, description="Filtering gaps")
    make_risk(dsl, 4, 5, description="Speaker checks")
    make_risk(dsl, 1, 1, description="Tiny risk")
    client.force_login(governor.user)
    page = client.get(reverse("risks:heatmap")).content.decode()
    assert "2 risks at likelihood 4, severity 5, red" in page
    assert "1 risk at likelihood 1, severity 1, green" in page
    cell = client.get(reverse("risks:heatmap") + "?likelihood=4&severity=5").content.decode()
    assert "Filtering gaps" in cell and "Speaker checks" in cell and "Tiny risk" not in cell
    junk = client.get(reverse("risks:heatmap") + "?likelihood=x&severity=99")
    assert junk.status_code == 200


def test_edit_form_shows_saved_dates_in_the_date_pickers(client: Client, dsl: Membership) -> None:
    today = timezone.localdate()
    risk = make_risk(dsl, last_reviewed_on=today, next_review_on=today + timedelta(days=30))
    client.force_login(dsl.user)
    page = client.get(reverse("risks:risk_edit", args=[risk.public_id])).content.decode()
    assert f'value="{today.isoformat()}"' in page


def test_guidance_changes_page_lists_only_this_organisations_changes(
    client: Client, dsl: Membership, outsider_dsl: Membership
) -> None:
    today = timezone.localdate()
    services.record_guidance_change(dsl, changed_on=today, description="Our own change noted")
    services.record_guidance_change(
        outsider_dsl, changed_on=today, description="Another college's change"
    )
    client.force_login(dsl.user)
    page = client.get(reverse("risks:versions")).content.decode()
    assert "Our own change noted" in page
    assert "Another college" not in page


def test_changing_a_closed_risk_answers_409_with_the_reason_on_the_form(
    client: Client, dsl: Membership
) -> None:
    risk = make_risk(dsl, 2, 3)
    services.set_risk_status(dsl, risk, "closed")
    client.force_login(dsl.user)
    url = reverse("risks:risk_edit", args=[risk.public_id])
    data = {
        key: ("" if value is None else value)
        for key, value in client.get(url).context["form"].initial.items()
    }
    response = client.post(url, {**data, "likelihood": "5"})
    assert response.status_code == 409
    assert "This risk is closed: reopen it to change it." in response.content.decode()
    risk.refresh_from_db()
    assert risk.likelihood == 2


def test_register_changes_are_audited_as_codes_with_scores(dsl: Membership) -> None:
    risk = make_risk(dsl, 2, 3)
    data = services.RiskData(
        theme=risk.theme,
        intended_outcome=risk.intended_outcome,
        description=risk.description,
        likelihood=4,
        severity=3,
    )
    services.update_risk(dsl, risk, data, note="New filtering gaps")
    services.set_risk_status(dsl, risk, "closed")
    services.set_risk_status(dsl, risk, "open")
    version = services.publish_version(dsl, risk.register, summary="Annual review")
    events = AuditEvent.objects.filter(object_id=risk.public_id).order_by("sequence")
    assert [(e.code, e.context) for e in events] == [
        ("risk.added", {"number": 1, "score": 6}),
        ("risk.rescored", {"old_score": 6, "new_score": 12}),
        ("risk.closed", {"status": "closed"}),
        ("risk.reopened", {"status": "open"}),
    ]
    published = AuditEvent.objects.get(object_id=version.public_id)
    assert published.code == "risk_register.published"
    assert published.context == {"version": 1, "risks": 1}
