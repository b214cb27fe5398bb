"""Render Django forms as GOV.UK Frontend markup.

Load with ``{% load govuk %}``. Three tags, and ``{% stacked_table %}`` (below) for tables
that stack on a phone and keep their column headings:

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

import re
from html import unescape

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.html import escape, format_html

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


_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr>)", re.S)
_CELL_START = re.compile(r"<t([dh])\b(?![^>]*\bdata-label=)([^>]*)>")
_TAG = re.compile(r"<[^>]+>")


class StackedTableNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return label_cells(self.nodelist.render(context))


def label_cells(html: str) -> str:
    """Give each body cell of the table in ``html`` its column's heading as ``data-label``.

    On a phone a stacked table (``app-table--responsive``) hides its head; the stylesheet
    shows each cell's ``data-label`` above it instead, so no value loses its label. A cell
    spanning columns (``colspan``) is a message, not a value: it gets none.
    """
    head = html.split("<tbody", 1)[0]
    thead = head.split("<thead", 1)[1] if "<thead" in head else ""
    labels = [
        " ".join(unescape(_TAG.sub(" ", cell)).split()) for cell in _HEADER_CELL.findall(thead)
    ]
    if not labels:
        return html

    def label_row(row: re.Match[str]) -> str:
        index = iter(range(len(labels)))

        def label_cell(cell: re.Match[str]) -> str:
            if "colspan" in cell.group(2):
                return cell.group(0)
            position = next(index, None)
            if position is None or not labels[position]:
                return cell.group(0)
            # The tag's own attributes are already rendered markup; the label is escaped.
            kind, attributes = cell.group(1), cell.group(2)
            return f'<t{kind}{attributes} data-label="{escape(labels[position])}">'

        return row.group(1) + _CELL_START.sub(label_cell, row.group(2)) + row.group(3)

    def label_body(body: re.Match[str]) -> str:
        return body.group(1) + _ROW.sub(label_row, body.group(2)) + body.group(3)

    # A node's output goes into the page as it is (only variables are escaped), so the
    # rendered table needs no marking as safe.
    return _BODY.sub(label_body, html)


@register.tag("stacked_table")
def stacked_table(parser: template.base.Parser, token: template.base.Token) -> StackedTableNode:
    """``{% stacked_table %}<table class="govuk-table app-table--responsive">…</table>
    {% endstacked_table %}``: the table stacks its rows on a phone and each cell keeps its
    column's heading (``label_cells``)."""
    nodelist = parser.parse(("endstacked_table",))
    parser.delete_first_token()
    return StackedTableNode(nodelist)
