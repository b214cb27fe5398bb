"""Channel panel forms. Attendees and actions are typed one per line, so the form works
without JavaScript; each bad line gets its own message."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.cases.models import Case
from dueregard.channel.models import PanelOutcome, SupportConsent
from dueregard.channel.services import NewPanel
from dueregard.core.forms import DateInput
from dueregard.core.formviews import CommandForm
from dueregard.referrals.models import Referral

MAX_LINES = 40


class ReferralChoiceField(forms.ModelChoiceField[Referral]):
    def label_from_instance(self, obj: Referral) -> str:
        return f"{obj.display_reference}: {obj.get_kind_display()} to {obj.agency}"


def _lines(text: str, field: str) -> list[list[str]]:
    rows = [line for line in (text or "").splitlines() if line.strip()]
    if len(rows) > MAX_LINES:
        raise forms.ValidationError(_("List at most %(n)s lines.") % {"n": MAX_LINES})
    return [[part.strip() for part in line.split(";")] for line in rows]


class PanelForm(CommandForm):
    command = NewPanel

    met_on = forms.DateField(
        label=_("Date of the panel"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date of the panel."),
            "invalid": _("Enter a real date."),
        },
    )
    referral = ReferralChoiceField(
        label=_("Referral it follows (optional)"), queryset=Referral.objects.none(), required=False
    )
    attendees = forms.CharField(
        label=_("Who attended"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=6000,
        help_text=_(
            "One per line: role; name; agency. Name and agency are optional, e.g. "
            "'Channel chair; ; County Council' or 'Designated safeguarding lead; Sam Field'."
        ),
        error_messages={"required": _("List who attended, by role.")},
    )
    consent = forms.ChoiceField(
        label=_("Did the person consent to support?"),
        choices=SupportConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the person consented to support.")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_("What the panel discussed and decided, in plain facts."),
        error_messages={"required": _("Summarise what the panel discussed and decided.")},
    )
    actions = forms.CharField(
        label=_("Actions (optional)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=6000,
        required=False,
        help_text=_(
            "One per line: action; owner (role and agency); due date as DD/MM/YYYY (optional)."
        ),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=PanelOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the panel's outcome.")},
    )
    support_ended_on = forms.DateField(
        label=_("Date support ended (only if it ended)"),
        widget=DateInput,
        required=False,
        help_text=_("Reviews fall due 6 and 12 months after this date."),
        error_messages={"invalid": _("Enter a real date.")},
    )

    def __init__(self, case: Case, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referral"].queryset = Referral.objects.filter(  # type: ignore[attr-defined]
            organisation_id=case.organisation_id, case=case
        )

    def clean_attendees(self) -> list[tuple[str, str, str]]:
        out = []
        for number, parts in enumerate(_lines(self.cleaned_data["attendees"], "attendees"), 1):
            if len(parts) > 3 or not parts[0] or any(len(p) > 120 for p in parts):
                raise forms.ValidationError(
                    _(
                        "Line %(n)s: write role; name; agency (role first, each under 120 "
                        "characters)."
                    )
                    % {"n": number}
                )
            parts += [""] * (3 - len(parts))
            out.append((parts[0], parts[1], parts[2]))
        if not out:
            raise forms.ValidationError(_("List who attended, by role."))
        return out

    def clean_actions(self) -> list[tuple[str, str, date | None]]:
        out = []
        for number, parts in enumerate(_lines(self.cleaned_data["actions"], "actions"), 1):
            if len(parts) not in (2, 3) or not parts[0] or not parts[1] or len(parts[1]) > 160:
                raise forms.ValidationError(
                    _("Line %(n)s: write the action; its owner; the due date (optional).")
                    % {"n": number}
                )
            due = None
            if len(parts) == 3 and parts[2]:
                try:
                    due = datetime.strptime(parts[2], "%d/%m/%Y").date()
                except ValueError:
                    raise forms.ValidationError(
                        _("Line %(n)s: write the due date as DD/MM/YYYY.") % {"n": number}
                    ) from None
                if abs((due - timezone.localdate()).days) > 3 * 366:
                    raise forms.ValidationError(
                        _("Line %(n)s: the due date must be within three years.") % {"n": number}
                    )
            out.append((parts[0], parts[1], due))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("summary",):
            if "\x00" in str(data.get(name) or ""):
                self.add_error(name, _("Remove the invalid character."))
        if "\x00" in str(self.data.get("attendees", "")) + str(self.data.get("actions", "")):
            self.add_error("attendees", _("Remove the invalid character."))
        today = timezone.localdate()
        met_on = data.get("met_on")
        if met_on and (met_on > today or (today - met_on).days > 3 * 366):
            self.add_error("met_on", _("Record a panel that has met, in the last three years."))
        ended = data.get("support_ended_on")
        if (
            data.get("outcome") == PanelOutcome.SUPPORT_ENDED
            and not ended
            and "support_ended_on" not in self.errors
        ):
            self.add_error("support_ended_on", _("Give the date support ended."))
        if ended and data.get("outcome") != PanelOutcome.SUPPORT_ENDED:
            self.add_error(
                "support_ended_on", _("Give this date only when the outcome is 'support ended'.")
            )
        if ended and (ended > today or (today - ended).days > 3 * 366):
            self.add_error("support_ended_on", _("The date must be in the last three years."))
        return data


class ReviewForm(forms.Form):
    summary = forms.CharField(
        label=_("Review summary"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        help_text=_(
            "How the person is doing since support ended, and whether anything more is needed."
        ),
        error_messages={"required": _("Summarise the review.")},
    )

    def clean_summary(self) -> str:
        value: str = self.cleaned_data["summary"]
        if "\x00" in value:
            raise forms.ValidationError(_("Remove the invalid character."))
        return value


class OutcomeForm(forms.Form):
    """The outcome of a panel recorded after the meeting."""

    outcome = forms.ChoiceField(
        label=_("What did the panel decide?"),
        choices=[c for c in PanelOutcome.choices if c[0] != PanelOutcome.NOT_YET_KNOWN],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the panel's outcome.")},
    )
    support_ended_on = forms.DateField(
        label=_("Date support ended (only if it ended)"),
        widget=DateInput,
        required=False,
        help_text=_("Reviews fall due 6 and 12 months after this date."),
        error_messages={"invalid": _("Enter a real date.")},
    )
    note = forms.CharField(
        label=_("How you learned the outcome"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("For example: the chair's letter of 3 March. Facts only."),
        error_messages={"required": _("Say how the outcome was learned.")},
    )

    def __init__(self, met_on: date, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.met_on = met_on

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "\x00" in str(data.get("note") or ""):
            self.add_error("note", _("Remove the invalid character."))
        ended = data.get("support_ended_on")
        if (
            data.get("outcome") == PanelOutcome.SUPPORT_ENDED
            and not ended
            and "support_ended_on" not in self.errors
        ):
            self.add_error("support_ended_on", _("Give the date support ended."))
        if ended and data.get("outcome") != PanelOutcome.SUPPORT_ENDED:
            self.add_error(
                "support_ended_on", _("Give this date only when the outcome is 'support ended'.")
            )
        elif ended and (ended > timezone.localdate() or ended < self.met_on):
            self.add_error(
                "support_ended_on",
                _("The date must be between the panel and today."),
            )
        return data
