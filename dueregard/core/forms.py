"""Form widgets shared by every app's forms."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """A native date picker (``<input type="date">``); typing the date works too."""

    input_type = "date"


class TimeInput(forms.TimeInput):
    """A native time picker (``<input type="time">``)."""

    input_type = "time"
