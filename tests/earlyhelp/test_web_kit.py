"""The views' one web kit: the acting user, the posted form, a service's errors on forms."""

from django import forms
from django.test import RequestFactory

from earlyhelp.errors import ApplicationError
from earlyhelp.govuk.errors import add_application_error
from earlyhelp.web import acting_user, posted


class NameForm(forms.Form):
    name = forms.CharField()


RowFormSet = forms.formset_factory(NameForm, extra=0)


def test_the_acting_user_is_the_requests_user():
    request = RequestFactory().get("/")
    request.user = object()
    assert acting_user(request) is request.user


def test_a_post_gives_its_data_and_a_get_gives_an_unbound_form():
    factory = RequestFactory()
    assert posted(factory.post("/", {"name": "Ava"}))["name"] == "Ava"
    assert posted(factory.get("/", {"name": "Ava"})) is None


def test_a_field_message_sits_beside_its_field_and_the_rest_at_the_top():
    form = NameForm(data={"name": "Ava"})
    form.is_valid()
    add_application_error(
        form, ApplicationError("Check it", {"name": ["Enter a name"], "other": ["Not here"]})
    )
    assert form.errors["name"] == ["Enter a name"]
    assert form.non_field_errors() == ["Not here"]


def test_the_errors_own_message_shows_when_no_field_is_named():
    form = NameForm(data={"name": "Ava"})
    form.is_valid()
    add_application_error(form, ApplicationError("Someone else changed it"))
    assert form.non_field_errors() == ["Someone else changed it"]


def test_a_row_message_sits_on_its_row_mapped_past_rows_left_out():
    form = NameForm(data={"name": "Ava"})
    rows = RowFormSet(
        data={
            "rows-TOTAL_FORMS": "3",
            "rows-INITIAL_FORMS": "0",
            "rows-0-name": "a",
            "rows-1-name": "",
            "rows-2-name": "c",
        },
        prefix="rows",
    )
    form.is_valid()
    rows.is_valid()
    add_application_error(
        form,
        ApplicationError("Check the rows", {"rows-1-name": ["Enter a shorter name"]}),
        {"rows": rows},
        {"rows": [0, 2]},  # the service saw rows 0 and 2; its row 1 is the formset's 2
    )
    assert rows.forms[2].errors["name"] == ["Enter a shorter name"]
    assert not form.non_field_errors()
