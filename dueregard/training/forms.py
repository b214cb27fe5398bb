"""Forms for training pages. Each maps onto one function in ``training.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.core.forms import DateInput
from dueregard.core.formviews import CommandForm
from dueregard.organisations.models import Membership, Site
from dueregard.organisations.permissions import Can, roles_with
from dueregard.training.models import Audience, Course, CourseKind
from dueregard.training.services.courses import RequirementDetails


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.full_name} ({obj.get_role_display()})"


class MembersField(forms.ModelMultipleChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.full_name} ({obj.get_role_display()})"


def trainees(organisation_id: int) -> Any:
    return (
        Membership.objects.active()
        .filter(organisation_id=organisation_id)
        .filter(role__in=roles_with(Can.HAVE_TRAINING))
        .select_related("user")
        .order_by("user__full_name")
    )


def courses(organisation_id: int) -> Any:
    return Course.objects.filter(organisation_id=organisation_id, is_active=True).order_by("title")


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    provider = forms.CharField(
        label=_("Provider"), max_length=200, help_text=_("Who runs it, e.g. the Home Office.")
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CourseKind.choices, widget=forms.RadioSelect)
    validity_months = forms.IntegerField(
        label=_("Valid for (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Leave empty for a one-off course that does not expire."),
    )


class OwnRecordForm(forms.Form):
    """A member records training they completed; a manager then verifies it."""

    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a course"),
        error_messages={"required": _("Choose the course you completed")},
    )
    completed_on = forms.DateField(label=_("Date completed"), widget=DateInput)
    evidence = forms.FileField(
        label=_("Certificate or other evidence (optional)"),
        required=False,
        help_text=_("PDF, PNG, JPG, Word or text file. It helps your DSL verify the record."),
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses(organisation_id)  # type: ignore[attr-defined]


class RequirementForm(CommandForm):
    command = RequirementDetails

    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(
        label=_("Applies to"), choices=Audience.choices, widget=forms.RadioSelect
    )
    courses = forms.ModelMultipleChoiceField(
        label=_("Courses that count"),
        queryset=Course.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Completing any one of these meets the requirement."),
        error_messages={"required": _("Choose at least one course")},
    )
    interval_months = forms.IntegerField(
        label=_("Renew every (months)"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=_("Leave empty if doing it once is enough."),
    )
    new_starter_days = forms.IntegerField(
        label=_("New staff must complete it within (days)"),
        min_value=0,
        max_value=365,
        initial=28,
    )
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["courses"].queryset = courses(organisation_id)  # type: ignore[attr-defined]


class RecordForm(forms.Form):
    member = MemberChoiceField(
        label=_("Who completed it"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a member of staff"),
    )
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a course"),
    )
    completed_on = forms.DateField(label=_("Date completed"), widget=DateInput)
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A certificate: PDF, PNG, JPG, Word or text file."),
    )
    verified = forms.BooleanField(
        label=_("I have seen evidence that this was completed"), required=False
    )
    past_record = forms.BooleanField(
        label=_("This is a past record (it may already have expired)"), required=False
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = trainees(organisation_id)  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses(organisation_id)  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a course"),
    )
    completed_on = forms.DateField(label=_("Date of the session"), widget=DateInput)
    attendees = MembersField(
        label=_("Who attended"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose who attended")},
    )
    verified = forms.BooleanField(
        label=_("I took or have seen the register"), required=False, initial=True
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = trainees(organisation_id)  # type: ignore[attr-defined]
        self.fields["course"].queryset = courses(organisation_id)  # type: ignore[attr-defined]


class BriefingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    given_by = forms.CharField(
        label=_("Given by"), max_length=200, help_text=_("The team or organisation that gave it.")
    )
    held_on = forms.DateField(label=_("Date held"), widget=DateInput)
    summary = forms.CharField(
        label=_("What was covered"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("No names of learners or of anyone the briefing was about."),
    )
    attendees = MembersField(
        label=_("Who attended"),
        queryset=Membership.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = trainees(organisation_id)  # type: ignore[attr-defined]


class CountBriefingForm(forms.Form):
    course = forms.ModelChoiceField(
        label=_("Attendance counts as completing"),
        queryset=Course.objects.none(),
        to_field_name="public_id",
        empty_label=_("Choose a course"),
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses(organisation_id)  # type: ignore[attr-defined]


class ProfileForm(forms.Form):
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Not set"),
    )
    started_on = forms.DateField(
        label=_("Started on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty to count from the day they were added to dueregard."),
    )

    def __init__(self, organisation_id: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation_id=organisation_id)  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this record withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the record is withdrawn")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: email, course, completed_on. At most 5 MB."),
        error_messages={"required": _("Choose a CSV file")},
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file must be smaller than 5 MB."))
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".txt")):
            raise forms.ValidationError(_("The file must be a CSV file."))
        return upload
