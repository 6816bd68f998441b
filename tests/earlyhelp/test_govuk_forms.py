"""GOV.UK form rendering keeps what was typed and puts errors beside the field."""

import datetime as dt

from django import forms
from django.template import Context, Template

from earlyhelp.govuk.fields import DateInputField


class ExampleForm(forms.Form):
    name = forms.CharField(label="Family name", error_messages={"required": "Enter a family name"})
    date_of_birth = DateInputField(label="Date of birth", past=True)
    urgency = forms.ChoiceField(
        label="How urgent is it?",
        widget=forms.RadioSelect,
        choices=[("routine", "Routine"), ("urgent", "Urgent")],
    )


def render(form: forms.Form) -> str:
    template = Template(
        "{% load govuk %}{% govuk_error_summary form %}"
        "{% govuk_field form.name %}{% govuk_field form.date_of_birth %}"
        "{% govuk_field form.urgency %}"
    )
    return template.render(Context({"form": form}))


def test_errors_sit_beside_each_field_and_in_the_summary_with_links():
    form = ExampleForm(
        data={
            "name": "",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2020",
            "urgency": "urgent",
        }
    )
    assert not form.is_valid()
    html = render(form)
    assert "There is a problem" in html
    assert 'href="#id_name"' in html
    assert 'href="#id_date_of_birth_day"' in html
    assert "Enter a family name" in html
    assert "Date of birth must be a real date" in html


def test_what_was_typed_is_kept_when_the_form_is_shown_again():
    form = ExampleForm(
        data={
            "name": "O'Neill",
            "date_of_birth_day": "3",
            "date_of_birth_month": "",
            "date_of_birth_year": "2019",
            "urgency": "urgent",
        }
    )
    assert not form.is_valid()
    html = render(form)
    assert 'value="O&#39;Neill"' in html or 'value="O\'Neill"' in html
    assert 'name="date_of_birth_day" type="text" value="3"' in html.replace("\n", " ") or (
        'value="3"' in html
    )
    assert 'value="2019"' in html
    assert 'value="urgent" checked' in html
    assert "Date of birth must include a month" in html


def test_a_date_of_birth_in_the_future_is_refused():
    future = dt.date.today() + dt.timedelta(days=10)
    form = ExampleForm(
        data={
            "name": "Khan",
            "date_of_birth_day": str(future.day),
            "date_of_birth_month": str(future.month),
            "date_of_birth_year": str(future.year),
            "urgency": "routine",
        }
    )
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == ["Date of birth must be in the past"]


def test_a_valid_date_becomes_a_date():
    form = ExampleForm(
        data={
            "name": "Khan",
            "date_of_birth_day": "09",
            "date_of_birth_month": "12",
            "date_of_birth_year": "2015",
            "urgency": "routine",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == dt.date(2015, 12, 9)


class CategoriesForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label="Concerns",
        widget=forms.CheckboxSelectMultiple,
        choices=[("housing", "Housing"), ("money", "Money")],
    )


def test_multiple_choice_fields_are_checkboxes_not_radios():
    form = CategoriesForm(data={"categories": ["money"]})
    html = Template("{% load govuk %}{% govuk_field form.categories %}").render(
        Context({"form": form})
    )
    assert 'type="checkbox"' in html and 'type="radio"' not in html
    assert 'value="money" checked' in html
