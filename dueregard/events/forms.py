"""Forms for event requests; each maps onto one function in ``events.services``."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dueregard.core.forms import DateInput, TimeInput
from dueregard.core.formviews import CommandForm
from dueregard.events.models import CheckKind, Decision, Mode, RiskLevel
from dueregard.events.services import NewEvent

TEXTAREA = forms.Textarea(attrs={"rows": 5})
MAX_AHEAD = timedelta(days=730)


def _at(day: Any, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


class EventForm(CommandForm):
    command = NewEvent

    topic = forms.CharField(label=_("Topic"), max_length=200)
    organiser = forms.CharField(
        label=_("Organiser"),
        max_length=200,
        help_text=_("The department, society or group organising it."),
    )
    speakers = forms.CharField(
        label=_("Speakers"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Each speaker's name and the organisation they represent, one a line."),
    )
    day = forms.DateField(label=_("Date"), widget=DateInput)
    starts = forms.TimeField(label=_("Start time"), widget=TimeInput)
    ends = forms.TimeField(label=_("End time"), widget=TimeInput)
    venue = forms.CharField(
        label=_("Venue"), max_length=200, help_text=_("Room and site, or the online platform.")
    )
    mode = forms.ChoiceField(
        label=_("Online or in person"), choices=Mode.choices, widget=forms.RadioSelect
    )
    audience = forms.CharField(
        label=_("Audience"), max_length=300, help_text=_("Who will attend and about how many.")
    )
    under_18s = forms.BooleanField(label=_("Under-18s will attend"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("The end time must be after the start time."))
            else:
                cleaned["starts_at"], cleaned["ends_at"] = _at(day, starts), _at(day, ends)
                if cleaned["starts_at"] < timezone.now():
                    self.add_error("day", _("The event must be in the future."))
                elif cleaned["starts_at"] > timezone.now() + MAX_AHEAD:
                    self.add_error("day", _("Requests can be made up to two years ahead."))
        return cleaned


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of check"), choices=CheckKind.choices, widget=forms.RadioSelect
    )
    outcome = forms.CharField(
        label=_("What was found"),
        max_length=20_000,
        widget=TEXTAREA,
        help_text=_(
            "Searches made and sources, what they found, and what that means for the event."
        ),
    )
    done_on = forms.DateField(label=_("Date of the check"), widget=DateInput)


class AssessForm(forms.Form):
    risk_level = forms.ChoiceField(
        label=_("Risk level of the event"),
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        help_text=_("About the event (topic, audience, setting), not about any person."),
    )
    risk_notes = forms.CharField(label=_("Why this risk level"), max_length=20_000, widget=TEXTAREA)
    independent_chair = forms.BooleanField(label=_("An independent chair"), required=False)
    recorded = forms.BooleanField(label=_("The event is recorded"), required=False)
    balance_of_views = forms.BooleanField(
        label=_("A balance of views (another speaker or open Q&A)"), required=False
    )
    other_mitigations = forms.CharField(
        label=_("Other mitigations"), required=False, max_length=20_000, widget=TEXTAREA
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=20_000,
        widget=TEXTAREA,
        help_text=_("What the checks showed and why this decision follows."),
    )
    freedom_of_speech = forms.CharField(
        label=_("How freedom of speech and academic freedom were weighed"),
        max_length=20_000,
        widget=TEXTAREA,
        help_text=_(
            "The duty to secure lawful free speech, and what would be lost by declining or "
            "restricting, against the risk of people being drawn into terrorism."
        ),
    )
    conditions = forms.CharField(
        label=_("Conditions (if approved with conditions)"),
        required=False,
        max_length=20_000,
        widget=TEXTAREA,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("decision") == Decision.APPROVED_WITH_CONDITIONS
            and not cleaned.get("conditions", "").strip()
        ):
            self.add_error("conditions", _("Set out the conditions"))
        return cleaned


class NotesForm(forms.Form):
    notes = forms.CharField(label=_("How the event went"), max_length=20_000, widget=TEXTAREA)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the event cancelled?"), max_length=5000, widget=TEXTAREA
    )
