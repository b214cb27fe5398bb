from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dueregard.api.keys import MAX_EXPIRY_DAYS
from dueregard.api.models import Scope
from dueregard.organisations.models import Membership


class MemberChoiceField(forms.ModelChoiceField[Membership]):
    def label_from_instance(self, obj: Membership) -> str:
        return f"{obj.user.get_full_name() or obj.user.email} ({obj.get_role_display()})"


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What will use the key, e.g. 'MIS nightly sync'. No personal data."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What the key may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    expires_days = forms.IntegerField(
        label=_("Expires after (days)"),
        min_value=1,
        max_value=MAX_EXPIRY_DAYS,
        required=False,
        help_text=_("Leave empty for a key that lasts until it is revoked."),
    )
    for_member = MemberChoiceField(
        label=_("Acts as"),
        queryset=Membership.objects.none(),
        required=False,
        empty_label=_("You"),
        help_text=_("A key that reads cases acts as a named member of the DSL team."),
    )

    def __init__(
        self, *args: Any, organisation_id: int, may_read_cases: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not may_read_cases:
            # Only the DSL issues case-reading keys: the others are not offered the scope.
            scopes = self.fields["scopes"]
            assert isinstance(scopes, forms.MultipleChoiceField)
            scopes.choices = [c for c in Scope.choices if c[0] != Scope.CASES_READ]
        field = self.fields["for_member"]
        assert isinstance(field, MemberChoiceField)
        field.queryset = (
            Membership.objects.active()
            .filter(organisation_id=organisation_id)
            .select_related("user")
            .order_by("user__email")
        )


class RevokeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, revoke this key: whatever uses it stops working at once"),
    )
