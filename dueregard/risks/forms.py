"""Forms of the risk register. Each maps onto one function in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.cases.forms import UserChoiceField, members_of
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership
from dueregard.risks.models import (
    LEVELS,
    LIKELIHOOD_LEVELS,
    NO_PERSONAL_DATA,
    SEVERITY_LEVELS,
    Band,
    Risk,
    RiskStatus,
    Theme,
)
from dueregard.risks.services import RiskData

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO (YYYY-MM-DD) to show a saved date."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _level_choices(levels: dict[int, Any]) -> list[tuple[str, str]]:
    return [(str(n), f"{n} – {label}") for n, label in levels.items()]


class DatesInOrder:
    """Mixin: ``date_order = (earlier, later, message)`` adds an error on ``later``."""

    date_order: tuple[str, str, Any] | None = None

    def check_order(self, cleaned: dict[str, Any]) -> None:
        if self.date_order is None:
            return
        earlier, later, message = self.date_order
        if cleaned.get(earlier) and cleaned.get(later) and cleaned[later] < cleaned[earlier]:
            self.add_error(later, message)  # type: ignore[attr-defined]


class RiskForm(DatesInOrder, CommandForm):
    command = RiskData

    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(), label=_("Theme"), empty_label=_("Choose a theme")
    )
    intended_outcome = forms.CharField(
        label=_("Intended outcome"),
        widget=TEXTAREA,
        help_text=format_lazy(
            "{}{}", _("What good looks like for the organisation. "), NO_PERSONAL_DATA
        ),
        error_messages={"required": _("Enter the intended outcome")},
    )
    description = forms.CharField(
        label=_("Risk or vulnerability"),
        widget=TEXTAREA,
        help_text=format_lazy(
            "{}{}", _("What could go wrong for the organisation. "), NO_PERSONAL_DATA
        ),
        error_messages={"required": _("Describe the risk or vulnerability")},
    )
    actions_taken = forms.CharField(
        label=_("Actions taken"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Controls already in place."),
    )
    owner = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Owner"),
        required=False,
        empty_label=_("No named owner"),
    )
    owner_role = forms.CharField(
        label=_("Owning role(s)"),
        max_length=200,
        required=False,
        help_text=_("Job roles that share it, e.g. Designated Safeguarding Lead; Principal."),
    )
    further_actions = forms.CharField(
        label=_("Further actions"),
        widget=TEXTAREA,
        required=False,
        help_text=_("What still needs doing. You can turn this into an action-plan item."),
    )
    evidence = forms.CharField(
        label=_("Evidence of progress"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Where an inspector can see it working: minutes, records, reports."),
    )
    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        choices=_level_choices(LIKELIHOOD_LEVELS),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a likelihood from 1 to 5"),
            "invalid_choice": _("Choose a likelihood from 1 to 5"),
        },
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"),
        choices=_level_choices(SEVERITY_LEVELS),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a severity from 1 to 5"),
            "invalid_choice": _("Choose a severity from 1 to 5"),
        },
    )
    score_note = forms.CharField(
        label=_("Why the score changed (if it did)"),
        max_length=300,
        required=False,
        help_text=format_lazy("{}{}", _("Kept in the risk's score history. "), NO_PERSONAL_DATA),
    )
    last_reviewed_on = forms.DateField(label=_("Last reviewed"), required=False, widget=DateInput)
    next_review_on = forms.DateField(label=_("Next review"), required=False, widget=DateInput)

    date_order = (
        "last_reviewed_on",
        "next_review_on",
        _("The next review must be after the last review"),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        theme.queryset = Theme.objects.filter(  # type: ignore[attr-defined]
            organisation_id=membership.organisation_id, is_active=True
        )
        theme.to_field_name = "public_id"  # type: ignore[attr-defined]
        owner = self.fields["owner"]
        owner.queryset = members_of(membership)  # type: ignore[attr-defined]
        owner.to_field_name = "public_id"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_order(cleaned)
        return cleaned

    @staticmethod
    def initial_for(risk: Risk) -> dict[str, Any]:
        return {
            "theme": risk.theme.public_id,
            "intended_outcome": risk.intended_outcome,
            "description": risk.description,
            "actions_taken": risk.actions_taken,
            "owner": risk.owner.public_id if risk.owner else None,
            "owner_role": risk.owner_role,
            "further_actions": risk.further_actions,
            "evidence": risk.evidence,
            "likelihood": str(risk.likelihood),
            "severity": str(risk.severity),
            "last_reviewed_on": risk.last_reviewed_on,
            "next_review_on": risk.next_review_on,
        }


class RegisterDetailsForm(DatesInOrder, forms.Form):
    completed_by = UserChoiceField(
        queryset=User.objects.none(),
        label=_("Completed by"),
        required=False,
        empty_label=_("Choose who completed it"),
    )
    competence_held = forms.CharField(
        label=_("Professional competence held"),
        max_length=300,
        required=False,
        help_text=_("Their qualification, e.g. Level 3 safeguarding and Prevent certificate."),
    )
    assessed_on = forms.DateField(label=_("Date of assessment"), required=False, widget=DateInput)
    next_review_on = forms.DateField(label=_("Next review date"), required=False, widget=DateInput)

    date_order = (
        "assessed_on",
        "next_review_on",
        _("The next review must be after the assessment"),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["completed_by"]
        field.queryset = members_of(membership)  # type: ignore[attr-defined]
        field.to_field_name = "public_id"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_order(cleaned)
        return cleaned


class PublishForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary of changes"),
        max_length=300,
        help_text=_("What changed since the last version, e.g. annual review; new IT risks."),
        error_messages={"required": _("Say what changed in this version")},
    )


class GuidanceChangeForm(forms.Form):
    changed_on = forms.DateField(
        label=_("Date of the change"),
        widget=DateInput,
        error_messages={"required": _("Enter the date of the change")},
    )
    description = forms.CharField(
        label=_("What changed"),
        max_length=300,
        help_text=_("For example: revised Prevent duty guidance came into force."),
        error_messages={"required": _("Say what changed")},
    )


class ThemeForm(forms.Form):
    name = forms.CharField(label=_("Theme"), max_length=120)
    position = forms.IntegerField(
        label=_("Order"), min_value=0, max_value=999, initial=0, help_text=_("Lower comes first.")
    )
    is_active = forms.BooleanField(
        label=_("In use (untick to retire it)"), required=False, initial=True
    )


def grid_field_name(likelihood: int, severity: int) -> str:
    return f"cell_{likelihood}_{severity}"


class GridForm(forms.Form):
    """25 selects, one per (likelihood, severity). Every cell must have a band."""

    def __init__(self, grid: dict[tuple[int, int], str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for severity in reversed(LEVELS):
            for likelihood in LEVELS:
                name = grid_field_name(likelihood, severity)
                self.fields[name] = forms.ChoiceField(
                    label=format_html(
                        '<span class="govuk-visually-hidden">{}</span>',
                        _("Band for likelihood %(l)s × severity %(s)s (score %(n)s)")
                        % {"l": likelihood, "s": severity, "n": likelihood * severity},
                    ),
                    choices=[
                        ("", _("Choose")),
                        (Band.GREEN, _("Green")),
                        (Band.AMBER, _("Amber")),
                        (Band.RED, _("Red")),
                    ],
                    initial=grid.get((likelihood, severity)),
                    error_messages={
                        "required": _("Choose a band for likelihood %(l)s, severity %(s)s")
                        % {"l": likelihood, "s": severity},
                        "invalid_choice": _("Choose green, amber or red"),
                    },
                )

    def cells(self) -> dict[tuple[int, int], str]:
        return {
            (lk, sv): self.cleaned_data[grid_field_name(lk, sv)] for lk in LEVELS for sv in LEVELS
        }

    def rows(self) -> list[dict[str, Any]]:
        """One row per cell, highest severity first, for a table of 25 rows."""
        return [
            {
                "likelihood": lk,
                "likelihood_label": LIKELIHOOD_LEVELS[lk],
                "severity": sv,
                "severity_label": SEVERITY_LEVELS[sv],
                "score": lk * sv,
                "field": self[grid_field_name(lk, sv)],
            }
            for sv in reversed(LEVELS)
            for lk in LEVELS
        ]


class RiskStatusForm(forms.Form):
    """The close and reopen buttons on the risk's page (the buttons carry the value)."""

    status = forms.ChoiceField(
        choices=RiskStatus.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose open or closed.",
            "invalid_choice": "Choose open or closed.",
        },
    )
