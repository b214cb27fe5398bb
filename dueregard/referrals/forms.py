from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ApproveReferralForm(forms.Form):
    agency_reference = forms.CharField(
        label=_("Agency's reference (if known)"), max_length=60, required=False
    )
