"""What the GOV.UK form tags render: a field's kind, ids, attributes and choices.

The template tags (``core/templatetags/govuk.py``) turn a bound field into one of these
contexts and hand it to a ``govuk/*.html`` template; the rules for ids, escaping and error
links are described there.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django import forms, template
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

Kind = Literal[
    "hidden", "input", "textarea", "select", "radios", "checkboxes", "checkbox", "file", "other"
]

LABEL_SIZES = ("", "s", "m", "l", "xl")

_NO_ATTRS = SafeString("")


@dataclass(frozen=True)
class Choice:
    """One option of a select, or one radio or checkbox of a list."""

    id: str
    label: str
    attrs: SafeString


@dataclass(frozen=True)
class ChoiceGroup:
    """Choices under one heading; ``label`` is "" for choices that are not grouped."""

    label: str
    heading_id: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class FieldContext:
    """Everything ``govuk/field.html`` needs to render one field.

    ``attrs`` is the rendered attribute list of the control (input, textarea, select, file or
    single checkbox); ``describedby`` is for the fieldset of a radio or checkbox list, or of a
    widget with ``use_fieldset``; ``widget_html`` holds Django's own rendering for hidden fields
    and for widgets without a GOV.UK equivalent.
    """

    kind: Kind
    id: str
    use_fieldset: bool = False
    label: str = ""
    label_classes: str = ""
    legend_classes: str = ""
    hint: str = ""
    hint_id: str = ""
    errors: tuple[str, ...] = ()
    error_id: str = ""
    describedby: str = ""
    attrs: SafeString = _NO_ATTRS
    value: SafeString = _NO_ATTRS
    container_classes: str = ""
    groups: tuple[ChoiceGroup, ...] = ()
    current_file: str = ""
    clear_id: str = ""
    clear_attrs: SafeString = _NO_ATTRS
    widget_html: SafeString = _NO_ATTRS
    hidden_initial: SafeString = _NO_ATTRS


@dataclass(frozen=True)
class ErrorSummaryItem:
    """One line of the error summary; ``href`` is "" when there is nothing to link to."""

    message: str
    href: str


def render_attrs(attrs: Mapping[str, object]) -> SafeString:
    """Return the attributes as `` name="value"`` pairs for an HTML start tag.

    ``True`` renders a bare attribute and ``False`` or ``None`` leaves it out. Every name and
    value is escaped, even one already marked safe, because values are often user input.
    """
    html = _NO_ATTRS
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        # escape() escapes even safe strings; format_html then keeps its output as it is.
        if value is True:
            html += format_html(" {}", escape(name))
        else:
            html += format_html(' {}="{}"', escape(name), escape(value))
    return html


def _join_classes(*class_lists: object) -> str:
    """Join space-separated class lists, dropping blanks and repeats but keeping order."""
    seen: list[str] = []
    for class_list in class_lists:
        for name in str(class_list or "").split():
            if name not in seen:
                seen.append(name)
    return " ".join(seen)


def _kind(bound_field: BoundField) -> Kind:
    widget = bound_field.field.widget
    # Order matters: CheckboxSelectMultiple subclasses RadioSelect, SelectMultiple subclasses
    # Select and the file inputs subclass Input.
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, Input):
        return "input"
    return "other"


def _base_id(bound_field: BoundField) -> str:
    # GOV.UK labels, hints and error links need ids even on a form built with auto_id=False.
    widget_id = bound_field.field.widget.attrs.get("id")
    return str(widget_id or bound_field.auto_id or f"id_{bound_field.html_name}")


def error_target_id(bound_field: BoundField) -> str:
    """Return the id of the element the error summary should link to for this field."""
    base_id = _base_id(bound_field)
    if _kind(bound_field) == "other":
        return _first_control_id(bound_field.field.widget, base_id)
    return base_id


def _first_control_id(widget: forms.Widget, base_id: str) -> str:
    """Return the id Django gives the first control of a widget rendered with ``base_id``."""
    if isinstance(widget, forms.MultiWidget):
        # MultiWidget.id_for_label returns "", but its subwidgets are numbered from _0.
        return f"{base_id}_0"
    return widget.id_for_label(base_id) or base_id


def check_bound_field(value: object, tag: str) -> BoundField:
    if not isinstance(value, BoundField):
        raise template.TemplateSyntaxError(
            f"{tag} needs a bound form field such as form.name, got {value!r}"
        )
    return value


def _choice_groups(
    optgroups: list[tuple[str | None, list[dict[str, Any]], int]],
    base_id: str,
    input_class: str,
) -> tuple[ChoiceGroup, ...]:
    """Build radio or checkbox groups from a ChoiceWidget's ``optgroups``."""
    groups: list[ChoiceGroup] = []
    ungrouped: list[Choice] = []
    first = True

    def flush() -> None:
        if ungrouped:
            groups.append(ChoiceGroup(label="", heading_id="", choices=tuple(ungrouped)))
            ungrouped.clear()

    for group_name, options, index in optgroups:
        choices: list[Choice] = []
        for option in options:
            extra = dict(option["attrs"])
            choice_id = base_id if first else str(extra.get("id") or f"{base_id}_{option['index']}")
            first = False
            extra.pop("id", None)
            # Any aria-describedby set on the widget already sits on the fieldset.
            extra.pop("aria-describedby", None)
            attrs = {
                "class": _join_classes(input_class, extra.pop("class", "")),
                "id": choice_id,
                "name": option["name"],
                "type": option["type"],
                # str() as Django's templates do, so True/False/None choices keep their value.
                "value": str(option["value"]),
                **extra,
            }
            choices.append(
                Choice(id=choice_id, label=str(option["label"]), attrs=render_attrs(attrs))
            )
        if group_name is None:
            ungrouped.extend(choices)
        else:
            flush()
            groups.append(
                ChoiceGroup(
                    label=str(group_name),
                    heading_id=f"{base_id}-group-{index}",
                    choices=tuple(choices),
                )
            )
    flush()
    return tuple(groups)


#: Django's label for a select's empty choice, which says nothing to the person choosing.
DJANGO_BLANK_LABEL = "---------"


def _option_label(option: dict[str, Any]) -> str:
    """The option's label; Django's dashes for the empty choice read "Choose…" instead."""
    label = str(option["label"])
    if label == DJANGO_BLANK_LABEL and str(option["value"]) == "":
        return str(_("Choose…"))
    return label


def _select_groups(
    optgroups: list[tuple[str | None, list[dict[str, Any]], int]],
) -> tuple[ChoiceGroup, ...]:
    """Build ``<option>`` lists from a Select's ``optgroups``; named groups become optgroups.

    No select shows Django's ``---------``: a field that names its own empty label keeps it.
    """
    groups: list[ChoiceGroup] = []
    for group_name, options, _index in optgroups:
        choices = tuple(
            Choice(
                id="",
                label=_option_label(option),
                attrs=render_attrs({"value": str(option["value"]), **option["attrs"]}),
            )
            for option in options
        )
        label = "" if group_name is None else str(group_name)
        if not label and groups and not groups[-1].label:
            # Merge runs of ungrouped options so they render as one list.
            choices = groups.pop().choices + choices
        groups.append(ChoiceGroup(label=label, heading_id="", choices=choices))
    return tuple(groups)


def build_field_context(
    bound_field: BoundField, label_size: str = "", classes: str = ""
) -> FieldContext:
    """Describe ``bound_field`` for ``govuk/field.html``.

    Raises ``TemplateSyntaxError`` for an unknown ``label_size``.
    """
    if label_size not in LABEL_SIZES:
        raise template.TemplateSyntaxError(
            f"label_size must be one of {', '.join(repr(s) for s in LABEL_SIZES)}, "
            f"got {label_size!r}"
        )
    kind = _kind(bound_field)
    field = bound_field.field
    widget = field.widget
    if kind == "hidden":
        return FieldContext(kind=kind, id="", widget_html=format_html("{}", bound_field))

    base_id = _base_id(bound_field)
    errors = tuple(str(error) for error in bound_field.errors)
    hint = str(bound_field.help_text or "")
    hint_id = f"{base_id}-hint" if hint else ""
    error_id = f"{base_id}-error" if errors else ""
    describedby = _join_classes(widget.attrs.get("aria-describedby"), hint_id, error_id)
    label_classes = _join_classes("govuk-label", f"govuk-label--{label_size}" if label_size else "")
    legend_classes = _join_classes(
        "govuk-fieldset__legend", f"govuk-fieldset__legend--{label_size}" if label_size else ""
    )
    common: dict[str, Any] = {
        "kind": kind,
        "id": base_id,
        "label": str(bound_field.label or ""),
        "label_classes": label_classes,
        "legend_classes": legend_classes,
        "hint": hint,
        "hint_id": hint_id,
        "errors": errors,
        "error_id": error_id,
    }
    if field.show_hidden_initial:
        common["hidden_initial"] = bound_field.as_hidden(only_initial=True)

    if kind == "other":
        # No GOV.UK pattern (e.g. SplitDateTimeWidget): keep Django's markup inside the form
        # group, under a legend when Django groups the widget's controls in a fieldset.
        if widget.use_fieldset:
            return FieldContext(
                **common,
                use_fieldset=True,
                describedby=describedby,
                widget_html=bound_field.as_widget(attrs={"id": base_id}),
            )
        other_attrs: dict[str, str | bool] = {"id": base_id}
        if describedby:
            other_attrs["aria-describedby"] = describedby
        return FieldContext(
            **{**common, "id": _first_control_id(widget, base_id)},
            widget_html=bound_field.as_widget(attrs=other_attrs),
        )

    if field.localize:
        # Mirrors BoundField.as_widget so localised number and date formats still apply.
        widget.is_localized = True
    base_attrs = bound_field.build_widget_attrs({}, widget)
    # Django's own aria-describedby ids ("<id>_helptext") do not match the GOV.UK ids used here.
    base_attrs.pop("aria-describedby", None)
    base_attrs["id"] = base_id
    value = bound_field.value()

    if kind == "file":
        return _file_context(bound_field, common, base_attrs, value, describedby, classes)

    widget_ctx = widget.get_context(bound_field.html_name, value, base_attrs)["widget"]
    attrs = dict(widget_ctx["attrs"])
    attrs.pop("aria-describedby", None)
    extra_class = attrs.pop("class", "")
    attrs.pop("id", None)

    if kind in ("radios", "checkboxes"):
        return FieldContext(
            **common,
            describedby=describedby,
            container_classes=_join_classes(f"govuk-{kind}", classes),
            groups=_choice_groups(widget_ctx["optgroups"], base_id, f"govuk-{kind}__input"),
        )

    control: dict[str, object]
    if kind == "checkbox":
        control = {
            "class": _join_classes("govuk-checkboxes__input", extra_class),
            "id": base_id,
            "name": widget_ctx["name"],
            "type": "checkbox",
            "value": widget_ctx["value"],
        }
        return FieldContext(
            **common,
            attrs=render_attrs({**control, **attrs, "aria-describedby": describedby or None}),
            container_classes=_join_classes("govuk-checkboxes", classes),
        )

    if kind == "textarea":
        control = {
            "class": _join_classes(
                "govuk-textarea", "govuk-textarea--error" if errors else "", classes, extra_class
            ),
            "id": base_id,
            "name": widget_ctx["name"],
        }
        text = widget_ctx["value"]
        return FieldContext(
            **common,
            attrs=render_attrs({**control, **attrs, "aria-describedby": describedby or None}),
            value=escape(text) if text else _NO_ATTRS,
        )

    if kind == "select":
        control = {
            "class": _join_classes(
                "govuk-select",
                "app-select--multiple" if attrs.get("multiple") else "",
                "govuk-select--error" if errors else "",
                classes,
                extra_class,
            ),
            "id": base_id,
            "name": widget_ctx["name"],
        }
        return FieldContext(
            **common,
            attrs=render_attrs({**control, **attrs, "aria-describedby": describedby or None}),
            groups=_select_groups(widget_ctx["optgroups"]),
        )

    control = {
        "class": _join_classes(
            "govuk-input", "govuk-input--error" if errors else "", classes, extra_class
        ),
        "id": base_id,
        "name": widget_ctx["name"],
        "type": widget_ctx["type"],
        "value": widget_ctx["value"],
    }
    return FieldContext(
        **common,
        attrs=render_attrs({**control, **attrs, "aria-describedby": describedby or None}),
    )


def _file_context(
    bound_field: BoundField,
    common: dict[str, Any],
    base_attrs: dict[str, Any],
    value: object,
    describedby: str,
    classes: str,
) -> FieldContext:
    """Describe a FileInput or ClearableFileInput.

    Django's widget context is not used: ClearableFileInput asks the stored file for its URL,
    which raises for files kept in private storage (no base_url).
    """
    widget = bound_field.field.widget
    attrs = widget.build_attrs(widget.attrs, base_attrs)
    attrs.pop("aria-describedby", None)
    attrs.pop("id", None)
    extra_class = attrs.pop("class", "")
    if getattr(widget, "allow_multiple_selected", False):
        attrs["multiple"] = True
    control = {
        "class": _join_classes(
            "govuk-file-upload",
            "govuk-file-upload--error" if common["errors"] else "",
            classes,
            extra_class,
        ),
        "id": common["id"],
        "name": bound_field.html_name,
        "type": "file",
    }
    # A stored file (FieldFile) has a url property on its class; a fresh upload does not.
    stored_name = getattr(value, "name", "") if hasattr(type(value), "url") else ""
    current_file = posixpath.basename(str(stored_name or ""))
    clear_id = ""
    clear_attrs = _NO_ATTRS
    if current_file and isinstance(widget, forms.ClearableFileInput) and not widget.is_required:
        clear_name = widget.clear_checkbox_name(bound_field.html_name)
        clear_id = widget.clear_checkbox_id(clear_name)
        clear_attrs = render_attrs(
            {
                "class": "govuk-checkboxes__input",
                "id": clear_id,
                "name": clear_name,
                "type": "checkbox",
                "checked": widget.checked,
                "disabled": bool(bound_field.field.disabled),
            }
        )
    return FieldContext(
        **common,
        attrs=render_attrs({**control, **attrs, "aria-describedby": describedby or None}),
        current_file=current_file,
        clear_id=clear_id,
        clear_attrs=clear_attrs,
    )
