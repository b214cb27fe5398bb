"""Render Django forms as GOV.UK Frontend markup.

Load with ``{% load govuk %}``. Three tags:

``{% govuk_field bound_field label_size="" classes="" %}``
    One field in a ``govuk-form-group``: label (or fieldset legend for radios and checkbox
    lists), hint from ``help_text``, error message and the control, with ``aria-describedby``
    pointing at the hint and error. ``label_size`` is "", "s", "m", "l" or "xl". ``classes`` is
    added to the input, textarea, select or file input, or to the ``govuk-radios`` /
    ``govuk-checkboxes`` container (e.g. ``govuk-radios--inline``). A hidden field renders as
    Django renders it.

``{% govuk_error_summary form %}``
    The GOV.UK error summary: non-field errors as plain items, then one link per field error,
    in field order. Renders nothing when the form has no errors, or is None or a missing
    template variable.

``{% govuk_form_fields form %}``
    Every visible field through ``govuk_field``, then every hidden field as Django renders it.
    The error summary is not included.

Ids follow GOV.UK Frontend: the control keeps the field's Django id (``id_<name>``), the hint is
``<id>-hint`` and the error ``<id>-error``. In a radio or checkbox list the first choice takes
the field's id and the rest keep Django's ``<id>_<index>``, so the error summary's
``#id_<name>`` link moves focus to the first choice, as GOV.UK Frontend does.

Values (input values, textarea text, choice values) are always escaped, even if marked safe.
Labels, help text, choice labels and error messages are autoescaped, so developer text marked
safe (``format_html``) keeps its markup.
"""

from __future__ import annotations

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import format_html

from dueregard.core.govuk_fields import (
    ErrorSummaryItem,
    build_field_context,
    check_bound_field,
    error_target_id,
)

register = template.Library()


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    bound_field: BoundField, label_size: str = "", classes: str = ""
) -> dict[str, object]:
    """Render one bound field as a GOV.UK form group (see the module docstring)."""
    bound_field = check_bound_field(bound_field, "govuk_field")
    return {"field": build_field_context(bound_field, label_size=label_size, classes=classes)}


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form: object) -> dict[str, object]:
    """Render the GOV.UK error summary for ``form``, or nothing when it has no errors.

    ``form`` may also be None or a missing template variable (""), so a layout can include the
    summary on pages without a form; anything else that is not a form raises
    ``TemplateSyntaxError``.
    """
    if form is None or form == "":
        return {"items": ()}
    if not isinstance(form, forms.BaseForm):
        raise template.TemplateSyntaxError(f"govuk_error_summary needs a form, got {form!r}")
    if not form.errors:
        return {"items": ()}
    items = [ErrorSummaryItem(message=str(error), href="") for error in form.non_field_errors()]
    for bound_field in form:
        # A hidden field has nothing the user can reach, so its errors are listed unlinked.
        href = "" if bound_field.is_hidden else f"#{error_target_id(bound_field)}"
        items.extend(
            ErrorSummaryItem(message=str(error), href=href) for error in bound_field.errors
        )
    return {"items": tuple(items)}


@register.inclusion_tag("govuk/form_fields.html")
def govuk_form_fields(form: forms.BaseForm) -> dict[str, object]:
    """Render every visible field of ``form`` with govuk_field, then its hidden fields."""
    fields = [build_field_context(bound_field) for bound_field in form.visible_fields()]
    hidden = [format_html("{}", bound_field) for bound_field in form.hidden_fields()]
    return {"fields": fields, "hidden_fields": hidden}
