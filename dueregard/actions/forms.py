"""Forms of the action plan. Each maps onto one function in ``actions.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dueregard.accounts.models import User
from dueregard.actions.models import ActionItem, ActionStatus
from dueregard.actions.services import ActionData
from dueregard.cases.forms import members_of
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership
from dueregard.risks.forms import TEXTAREA, DateInput
from dueregard.risks.models import NO_PERSONAL_DATA, Risk, RiskStatus


class UserMultipleChoiceField(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class ActionForm(CommandForm):
    command = ActionData

    objective = forms.CharField(
        label=_("Objective"),
        widget=TEXTAREA,
        help_text=format_lazy(
            "{}{}", _("What this achieves for the organisation. "), NO_PERSONAL_DATA
        ),
        error_messages={"required": _("Enter the objective")},
    )
    action = forms.CharField(
        label=_("Action"),
        widget=TEXTAREA,
        help_text=format_lazy("{}{}", _("What will be done. "), NO_PERSONAL_DATA),
        error_messages={"required": _("Enter the action")},
    )
    owners = UserMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Owners"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one owner")},
    )
    due_on = forms.DateField(
        label=_("Due date"),
        widget=DateInput,
        error_messages={"required": _("Enter the due date")},
    )
    risks = forms.ModelMultipleChoiceField(
        queryset=Risk.objects.none(),
        label=_("Linked risks"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        membership: Membership,
        *args: Any,
        item: ActionItem | None = None,
        **kwargs: Any,
    ) -> None:
        """``item``: the action being changed. Its linked risks stay on offer even once
        closed, so saving the form does not silently drop those links."""
        super().__init__(*args, **kwargs)
        owners = self.fields["owners"]
        owners.queryset = members_of(membership)  # type: ignore[attr-defined]
        owners.to_field_name = "public_id"  # type: ignore[attr-defined]
        risks = self.fields["risks"]
        offered = Q(status=RiskStatus.OPEN)
        if item is not None:
            offered |= Q(pk__in=item.risks.values("pk"))
        risks.queryset = (  # type: ignore[attr-defined]
            Risk.objects.filter(offered, organisation_id=membership.organisation_id)
            .select_related("theme")
            .order_by("number")
        )
        risks.to_field_name = "public_id"  # type: ignore[attr-defined]
        risks.label_from_instance = _risk_label  # type: ignore[attr-defined]


def _risk_label(risk: Risk) -> str:
    if risk.status == RiskStatus.CLOSED:
        return f"{risk.reference} ({risk.theme}) – closed"
    return f"{risk.reference} ({risk.theme})"


class ActionStatusForm(forms.Form):
    """The status buttons on the item's page (the buttons carry the value)."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=ActionStatus.choices,
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose a status."), "invalid_choice": _("Choose a status.")},
    )


class ProgressNoteForm(forms.Form):
    noted_on = forms.DateField(
        label=_("Date"), widget=DateInput, error_messages={"required": _("Enter the date")}
    )
    body = forms.CharField(
        label=_("Progress"),
        widget=TEXTAREA,
        help_text=NO_PERSONAL_DATA,
        error_messages={"required": _("Describe the progress")},
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_(
            "PDF, Word, PNG, JPG or plain text, up to %(mb)s MB. Minutes, reports, "
            "records of training: nothing that names a learner."
        )
        % {"mb": settings.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
        error_messages={"required": _("Choose a file")},
    )
