"""The govuk template tags render Django forms as accessible GOV.UK Frontend markup."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.utils.html import format_html

INDICATORS = [
    ("Ideology", [("grievance", "Expresses a grievance"), ("symbols", "Uses extremist symbols")]),
    ("Behaviour", [("isolation", "Withdrawn from friends")]),
]


class ExampleForm(forms.Form):
    name = forms.CharField(
        help_text="As it appears on the learner record",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(required=False)
    age = forms.IntegerField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput)
    website = forms.URLField(required=False, assume_scheme="https")
    seen_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    seen_at = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    logged_at = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    details = forms.CharField(widget=forms.Textarea)
    risk = forms.ChoiceField(choices=[("low", "Low"), ("high", "High")], widget=forms.RadioSelect)
    setting = forms.ChoiceField(
        required=False, choices=[("", "Choose a setting"), ("class", "Classroom")]
    )
    indicators = forms.MultipleChoiceField(
        required=False, choices=INDICATORS, widget=forms.CheckboxSelectMultiple
    )
    staff = forms.MultipleChoiceField(required=False, choices=[("a", "Ann"), ("b", "Bo")])
    confirm = forms.BooleanField(help_text="You must confirm this")
    attachment = forms.FileField(required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("email") == "clash@example.org":
            raise forms.ValidationError("That email is already <used>")
        return cleaned


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def tag(html: str, element: str, element_id: str) -> str:
    """Return the start tag of ``element`` with ``id="element_id"``."""
    match = re.search(rf'<{element}\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no <{element} id={element_id}> in:\n{html}"
    return match.group(0)


def invalid_form(**overrides: object) -> ExampleForm:
    data = {
        "name": "<script>alert(1)</script>",
        "email": "clash@example.org",
        "age": "many",
        "details": "",
        "risk": "",
        "indicators": ["symbols"],
    }
    form = ExampleForm(data={**data, **overrides})
    assert not form.is_valid()
    return form


def test_unbound_form_renders_every_widget_without_errors() -> None:
    html = render("{% govuk_form_fields form %}", form=ExampleForm())

    assert "govuk-form-group--error" not in html
    assert "govuk-error-message" not in html
    expected_inputs = {
        "id_email": "email",
        "id_age": "number",
        "id_password": "password",
        "id_website": "url",
        "id_seen_on": "date",
        "id_seen_at": "time",
        "id_logged_at": "datetime-local",
    }
    for input_id, input_type in expected_inputs.items():
        start = tag(html, "input", input_id)
        assert 'class="govuk-input"' in start
        assert f'type="{input_type}"' in start
    assert 'class="govuk-textarea"' in tag(html, "textarea", "id_details")
    assert 'class="govuk-select"' in tag(html, "select", "id_setting")
    assert 'class="govuk-select app-select--multiple"' in tag(html, "select", "id_staff")
    assert " multiple" in tag(html, "select", "id_staff")
    assert 'class="govuk-file-upload"' in tag(html, "input", "id_attachment")
    assert '<input type="hidden" name="token" id="id_token">' in html


def test_text_input_keeps_attrs_hint_and_describedby() -> None:
    html = render("{% govuk_field form.name %}", form=ExampleForm())

    start = tag(html, "input", "id_name")
    assert 'autocomplete="name"' in start
    assert " required" in start
    assert 'aria-describedby="id_name-hint"' in start
    hint = '<div id="id_name-hint" class="govuk-hint">As it appears on the learner record</div>'
    assert hint in html
    assert '<label class="govuk-label" for="id_name">Name</label>' in html


def test_label_size_and_classes() -> None:
    html = render(
        '{% govuk_field form.name label_size="m" classes="govuk-input--width-10" %}'
        '{% govuk_field form.risk label_size="l" classes="govuk-radios--inline" %}',
        form=ExampleForm(),
    )

    assert 'class="govuk-label govuk-label--m"' in html
    assert 'class="govuk-input govuk-input--width-10"' in tag(html, "input", "id_name")
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">Risk</legend>' in html
    assert 'class="govuk-radios govuk-radios--inline"' in html


def test_unknown_label_size_is_an_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        render('{% govuk_field form.name label_size="huge" %}', form=ExampleForm())


def test_missing_field_is_an_error() -> None:
    with pytest.raises(TemplateSyntaxError):
        render("{% govuk_field form.no_such_field %}", form=ExampleForm())


def test_error_summary_links_each_field_error_and_lists_form_errors() -> None:
    html = render("{% govuk_error_summary form %}", form=invalid_form())

    assert 'class="govuk-error-summary"' in html
    assert '<div role="alert">' in html
    assert "There is a problem" in html
    assert "<li>That email is already &lt;used&gt;</li>" in html
    links = re.findall(r'<a href="([^"]+)">', html)
    assert links == ["#id_age", "#id_details", "#id_risk", "#id_confirm"]


def test_error_summary_renders_nothing_without_errors() -> None:
    assert render("{% govuk_error_summary form %}", form=ExampleForm()).strip() == ""
    assert render("{% govuk_error_summary missing %}").strip() == ""


def test_field_errors_are_described_and_announced() -> None:
    html = render("{% govuk_form_fields form %}", form=invalid_form())

    age = tag(html, "input", "id_age")
    assert 'class="govuk-input govuk-input--error"' in age
    assert 'aria-describedby="id_age-error"' in age
    assert (
        '<p id="id_age-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter a whole number.</p>'
    ) in html
    assert "govuk-form-group govuk-form-group--error" in html
    assert 'class="govuk-textarea govuk-textarea--error"' in tag(html, "textarea", "id_details")
    assert 'aria-describedby="id_confirm-hint id_confirm-error"' in tag(html, "input", "id_confirm")
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_risk-error">' in html
    # The summary links to #id_risk, so the first radio carries the field's id.
    assert 'value="low"' in tag(html, "input", "id_risk")
    assert 'value="high"' in tag(html, "input", "id_risk_1")


def test_user_values_are_escaped() -> None:
    form = invalid_form(details="</textarea><script>alert(2)</script>")
    html = render("{% govuk_form_fields form %}", form=form)

    assert "<script>" not in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in tag(html, "input", "id_name")
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>" in html


def test_grouped_checkboxes_render_group_headings() -> None:
    html = render("{% govuk_field form.indicators %}", form=invalid_form())

    assert '<legend class="govuk-fieldset__legend">Indicators</legend>' in html
    assert 'class="govuk-body govuk-!-font-weight-bold' in html
    assert html.index(">Ideology</p>") < html.index("Expresses a grievance")
    assert html.index("Uses extremist symbols") < html.index(">Behaviour</p>")
    assert html.index(">Behaviour</p>") < html.index("Withdrawn from friends")
    assert " checked" in tag(html, "input", "id_indicators_0_1")
    assert " checked" not in tag(html, "input", "id_indicators")
    assert 'class="govuk-checkboxes__input"' in tag(html, "input", "id_indicators_1_0")


def test_single_checkbox_and_select_keep_current_value() -> None:
    form = ExampleForm(data={"confirm": "on", "setting": "class", "staff": ["b"]})
    html = render(
        "{% govuk_field form.confirm %}{% govuk_field form.setting %}{% govuk_field form.staff %}",
        form=form,
    )

    assert " checked" in tag(html, "input", "id_confirm")
    assert 'class="govuk-checkboxes__input"' in tag(html, "input", "id_confirm")
    assert '<option value="class" selected>Classroom</option>' in html
    assert '<option value="b" selected>Bo</option>' in html
    assert '<option value="a">Ann</option>' in html


def test_safe_help_text_keeps_its_markup() -> None:
    class GuideForm(forms.Form):
        reason = forms.CharField(
            help_text=format_html('See <a href="{}">the guidance</a>', "/guidance/")
        )

    html = render("{% govuk_field form.reason %}", form=GuideForm())

    assert '<a href="/guidance/">the guidance</a>' in html


def test_a_select_never_offers_djangos_dashes_but_keeps_a_named_empty_label() -> None:
    class Dashes(forms.Form):
        plain = forms.ChoiceField(required=False, choices=[("", "---------"), ("a", "Ann")])
        named = forms.ChoiceField(required=False, choices=[("", "Choose a setting"), ("b", "Bo")])
        real = forms.ChoiceField(choices=[("x", "---------")])

    html = render("{% govuk_form_fields form %}", form=Dashes())

    assert '<option value="" selected>Choose…</option>' in html
    assert '<option value="" selected>Choose a setting</option>' in html
    # Only the empty choice is relabelled: an option with a value keeps its own label.
    assert '<option value="x">---------</option>' in html


def test_a_stacked_table_labels_each_body_cell_with_its_column_heading() -> None:
    html = render(
        "{% stacked_table %}"
        '<table class="govuk-table app-table--responsive"><thead><tr>'
        '<th scope="col">Policy</th><th scope="col">Owner <span>(lead)</span></th>'
        '<th scope="col">R&amp;D</th></tr></thead><tbody>'
        '<tr><th scope="row"><a href="/p/">Safeguarding</a></th><td class="c">{{ owner }}</td>'
        "<td>x</td></tr>"
        '<tr><td colspan="3">None yet</td></tr>'
        "</tbody></table>{% endstacked_table %}",
        owner="<b>Dana</b>",
    )

    assert '<th scope="row" data-label="Policy">' in html
    assert '<td class="c" data-label="Owner (lead)">&lt;b&gt;Dana&lt;/b&gt;</td>' in html
    assert '<td data-label="R&amp;D">x</td>' in html
    assert '<td colspan="3">None yet</td>' in html
    assert 'scope="col" data-label' not in html
