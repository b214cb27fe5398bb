"""Forms for raising and triaging concerns. All work without JavaScript."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from dueregard.cases.access import openable_cases
from dueregard.cases.models import Case, CaseParty
from dueregard.concerns.categories import for_reporters
from dueregard.concerns.models import (
    ConcernType,
    Indicator,
    SafeguardingCategory,
    current_concern_types,
)
from dueregard.concerns.services import NewConcern
from dueregard.core.forms import DateInput, TimeInput
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership, Site
from dueregard.people.picker import PersonPickerField, PersonPickerMixin

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class DangerForm(forms.Form):
    immediate_danger = forms.ChoiceField(
        label=_("Is anyone in immediate danger?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether anyone is in immediate danger")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ConcernTypeChoiceField(forms.ModelChoiceField[ConcernType]):
    def label_from_instance(self, obj: ConcernType) -> str:
        return obj.label


class SafeguardingCategoryChoiceField(forms.ModelChoiceField[SafeguardingCategory]):
    """Chooses a category by its public id; a retired one says so."""

    def label_from_instance(self, obj: SafeguardingCategory) -> str:
        return f"{obj.name} ({_('retired')})" if obj.retired_at else obj.name


class IndicatorChoiceField(forms.ModelMultipleChoiceField[Indicator]):
    def clean(self, value: Any) -> Any:
        try:
            return super().clean(value)
        except OverflowError as exc:
            # SQLite cannot bind an id past 64 bits (a 500 otherwise): no indicator has it.
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": max(map(str, value), key=len)[:30]},
            ) from exc


class ConcernForm(PersonPickerMixin, CommandForm):
    """What was seen or heard. The immediate-danger answer comes from the step before.

    ``to_command(immediate_danger=..., observed_at=..., people=...)`` gives the service's
    ``NewConcern``.
    """

    command = NewConcern

    person = PersonPickerField(
        required=False,
        label=_("Who is it about?"),
        help_text=_("Type part of their name or their reference, press Find, then choose them."),
        none_label=_("Not in the directory"),
    )
    another_person = PersonPickerField(
        required=False,
        label=_("Is it about anyone else? (optional)"),
        none_label=_("Nobody else"),
    )
    unknown_subject = forms.CharField(
        required=False,
        max_length=300,
        label=_("If they are not in the directory, describe them"),
        help_text=_("What you know: a name if you have one, course, age, what they look like."),
    )
    observed_on = forms.DateField(
        label=_("When did you see or hear it?"),
        widget=DateInput,
        error_messages={
            "required": _("Enter the date you saw or heard it"),
            "invalid": _("Enter a real date"),
        },
    )
    observed_time = forms.TimeField(
        label=_("At what time? (optional)"), required=False, widget=TimeInput
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.none(),
        required=False,
        label=_("Site"),
        empty_label=_("Choose a site"),
    )
    location = forms.CharField(
        max_length=200,
        label=_("Where?"),
        help_text=_("For example: library, room B12, the car park, online (say which platform)."),
        error_messages={"required": _("Say where it happened")},
    )
    narrative = forms.CharField(
        label=_("What did you see or hear?"),
        help_text=_(
            "Facts, not opinions: what was said or done, in the words used, who was there, "
            "what happened next. Do not investigate or question the person further."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": _("Describe what you saw or heard")},
    )
    reported_category = SafeguardingCategoryChoiceField(
        queryset=SafeguardingCategory.objects.none(),
        required=False,
        to_field_name="public_id",
        widget=forms.RadioSelect,
        blank=True,
        empty_label=_("Not sure"),
        label=_("What kind of concern is it? (optional)"),
        help_text=_("Choose 'Not sure' if you do not know. The DSL decides the category."),
    )
    indicators = IndicatorChoiceField(
        queryset=Indicator.objects.select_related("category"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Did you notice any of these? (optional)"),
        help_text=_(
            "These are prompts only. They are neither proof nor a prediction, and nothing "
            "is scored or decided from them."
        ),
    )
    attachments = MultipleFileField(
        required=False,
        label=_("Attach files (optional)"),
        help_text=_("Photos or documents, up to 10 MB each: PDF, JPG, PNG, TXT or DOCX."),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_id = membership.organisation_id
        self.setup_pickers(membership, purpose="concern", url=reverse("concerns:person_picker"))
        self.fields["site"].queryset = Site.objects.visible_to(membership)  # type: ignore[attr-defined]
        self.fields["site"].to_field_name = "public_id"  # type: ignore[attr-defined]
        self.fields["reported_category"].queryset = for_reporters(org_id)  # type: ignore[attr-defined]
        # Indicators are shown under their category headings.
        groups: dict[str, list[tuple[int, str]]] = {}
        for indicator in Indicator.objects.select_related("category"):
            groups.setdefault(indicator.category.name, []).append((indicator.pk, indicator.label))
        self.fields["indicators"].choices = list(groups.items())  # type: ignore[attr-defined]

    def clean_observed_on(self) -> Any:
        value = self.cleaned_data["observed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future"))
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("person") and not (cleaned.get("unknown_subject") or "").strip():
            self.add_error(
                "person", _("Choose who it is about, or describe them if they are not listed")
            )
        day, typed = cleaned.get("observed_on"), cleaned.get("observed_time")
        if day and typed and timezone.make_aware(datetime.combine(day, typed)) > timezone.now():
            self.add_error("observed_time", _("The time cannot be in the future"))
        if cleaned.get("another_person") and cleaned.get("another_person") == cleaned.get("person"):
            self.add_error("another_person", _("Choose a different person, or nobody else"))
        return cleaned

    def observed_at(self) -> datetime:
        """When it was seen: the date and time typed, never changed (a time in the future is
        refused in ``clean``). Without a time, midday or now if earlier, and
        ``observed_time_given`` says the time was not given."""
        day = self.cleaned_data["observed_on"]
        typed = self.cleaned_data.get("observed_time")
        if typed is not None:
            return timezone.make_aware(datetime.combine(day, typed))
        return min(timezone.make_aware(datetime.combine(day, time(12, 0))), timezone.now())

    def observed_time_given(self) -> bool:
        return self.cleaned_data.get("observed_time") is not None


class CaseChoiceField(forms.ModelChoiceField[Case]):
    """An open case named by its reference, its people (with their part) and its status, not
    a bare number. A restricted case the member may not open shows no names."""

    openable: Callable[[], set[int]] = staticmethod(set)

    def label_from_instance(self, obj: Case) -> str:
        status = obj.get_status_display()
        if obj.pk not in self.openable():
            return f"{obj.reference} – {_('restricted')} – {status}"
        people = [
            f"{Truncator(str(party)).chars(40)} ({party.get_role_display()})"
            for party in obj.parties.all()
        ]
        return " – ".join([obj.reference, ", ".join(people) or str(_("nobody linked")), status])


class TriageForm(forms.Form):
    """Open a new case for the concern or link it to an existing open case."""

    action = forms.ChoiceField(
        label=_("What do you want to do with this concern?"),
        choices=[("new", _("Open a new case")), ("link", _("Link it to an existing case"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to open a new case or link to an existing one")},
    )
    case = CaseChoiceField(
        queryset=Case.objects.none(),
        required=False,
        label=_("Existing case"),
        help_text=_("Only open cases are listed."),
        empty_label=_("Choose a case"),
    )
    category = ConcernTypeChoiceField(
        queryset=ConcernType.objects.none(),
        required=False,
        label=_("Prevent type (for the figures)"),
        help_text=_(
            "Choosing one puts the case in the Prevent category. Set any other category, or "
            "change this, on the case."
        ),
        empty_label=_("Decide later"),
    )

    def __init__(self, membership: Membership, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from dueregard.cases.models import OPEN_STATUSES

        open_cases = Case.objects.visible_to(membership).filter(status__in=OPEN_STATUSES)
        self.fields["case"].queryset = (  # type: ignore[attr-defined]
            open_cases.order_by("-created_at").prefetch_related(
                Prefetch("parties", queryset=CaseParty.objects.select_related("person"))
            )
        )
        openable: set[int] | None = None

        def openable_ids() -> set[int]:
            nonlocal openable
            if openable is None:
                openable = set(openable_cases(membership).values_list("pk", flat=True))
            return openable

        self.fields["case"].openable = openable_ids  # type: ignore[attr-defined]
        self.fields["case"].to_field_name = "public_id"  # type: ignore[attr-defined]
        self.fields["category"].queryset = current_concern_types(  # type: ignore[attr-defined]
            membership.organisation_id
        ).filter(is_not_sure=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "link" and not cleaned.get("case"):
            self.add_error("case", _("Choose the case to link this concern to"))
        return cleaned


class CategoryForm(forms.Form):
    """Add or change one of the organisation's safeguarding categories (the DSL)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("As reporters and the figures will show it, e.g. 'Online safety'."),
        error_messages={"required": _("Enter the category's name.")},
    )
    shown_to_reporters = forms.BooleanField(
        label=_("Show it on the short list reporters choose from"),
        required=False,
        initial=True,
    )


class MoveCategoryForm(forms.Form):
    """Which way a category moves in the list (the button's own value)."""

    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])
