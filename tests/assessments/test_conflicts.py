"""Two people editing the same draft never silently overwrite each other."""

import html
import threading

import pytest
from django.db import connection

from assessments.models import AssessmentSection
from assessments.services import assessment_section_save, assessment_start
from earlyhelp.errors import ConcurrentChangeError
from partners.models import User
from tests.assessments.factories import family_case


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_second_save_from_the_same_version_shows_both_texts_and_the_merge_is_kept(
    signed_in_client,
):
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    url = f"/cases/{fc.case.pk}/assessment/{assessment.number}/section/views/"
    worker, manager = signed_in_client(fc.worker), signed_in_client(fc.manager)
    # Both open the page while the section is empty.
    assert 'name="version" value="0"' in text(worker.get(url))
    assert 'name="version" value="0"' in text(manager.get(url))

    saved = worker.post(
        url,
        {
            "version": "0",
            "completed": "no",
            "family_view": "Dad says money is the worry.",
            "family_goals": "Get the rent arrears paid.",
        },
    )
    assert saved.status_code == 302

    conflict = manager.post(
        url,
        {"version": "0", "completed": "no", "family_view": "Mum says the children fight."},
    )
    page = text(conflict)
    raw = conflict.content.decode()
    assert conflict.status_code == 409
    assert "<title>Someone else saved this section" in page
    assert "Dad says money is the worry." in page  # theirs, as saved
    assert "Mum says the children fight." in page  # yours, as typed
    assert fc.worker.full_name in page
    # Nothing was written by the refused save.
    row = AssessmentSection.objects.get(assessment=assessment, key="views")
    assert row.version == 1 and row.data["family_view"] == "Dad says money is the worry."
    # Only the other person changed the goals: keeping theirs is already chosen.
    assert 'name="choice__family_goals" type="radio" value="theirs" checked' in page
    # Both changed the view: nothing is chosen for it.
    assert 'name="choice__family_view" type="radio" value="theirs" checked' not in page
    assert 'name="choice__family_view" type="radio" value="yours" checked' not in page

    # Choosing nothing is refused, and the page keeps both texts.
    again = manager.post(
        url,
        {
            "resolve": "1",
            "version": "1",
            "completed": "no",
            "yours": _yours(raw),
            "choice__family_goals": "theirs",
        },
    )
    assert again.status_code == 409
    assert "Select which answer to keep for" in text(again)
    assert "Mum says the children fight." in text(again)

    merged = manager.post(
        url,
        {
            "resolve": "1",
            "version": "1",
            "completed": "no",
            "yours": _yours(raw),
            "choice__family_view": "merge",
            "merged__family_view": "Dad says money is the worry. Mum says the children fight.",
            "choice__family_goals": "theirs",
        },
    )
    assert merged.status_code == 302
    row.refresh_from_db()
    assert row.version == 2
    assert row.data["family_view"] == "Dad says money is the worry. Mum says the children fight."
    assert row.data["family_goals"] == "Get the rent arrears paid."
    assert row.updated_by == fc.manager


@pytest.mark.django_db
def test_keeping_your_answer_on_the_conflict_page_saves_it(signed_in_client):
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    url = f"/cases/{fc.case.pk}/assessment/1/section/family/"
    worker, manager = signed_in_client(fc.worker), signed_in_client(fc.manager)
    worker.post(url, {"version": "0", "completed": "no", "housing": "Flat, damp"})
    raw = manager.post(url, {"version": "0", "completed": "no", "housing": "House"}).content
    raw = raw.decode()
    response = manager.post(
        url,
        {
            "resolve": "1",
            "version": "1",
            "completed": "no",
            "yours": _yours(raw),
            "choice__housing": "yours",
        },
    )
    assert response.status_code == 302
    assert AssessmentSection.objects.get(assessment=assessment, key="family").data["housing"] == (
        "House"
    )


@pytest.mark.django_db
def test_a_conflict_resolved_from_a_stale_version_is_shown_again_not_saved(signed_in_client):
    fc = family_case(children=1, adults=1)
    assessment_start(actor=fc.worker, case=fc.case)
    url = f"/cases/{fc.case.pk}/assessment/1/section/family/"
    worker, manager = signed_in_client(fc.worker), signed_in_client(fc.manager)
    worker.post(url, {"version": "0", "completed": "no", "housing": "One"})
    raw = manager.post(url, {"version": "0", "completed": "no", "housing": "Two"}).content
    raw = raw.decode()
    worker.post(url, {"version": "1", "completed": "no", "housing": "Three"})
    response = manager.post(
        url,
        {
            "resolve": "1",
            "version": "1",
            "completed": "no",
            "yours": _yours(raw),
            "choice__housing": "yours",
        },
    )
    assert response.status_code == 409
    assert "Three" in text(response) and "Two" in text(response)


def _yours(raw: str) -> str:
    """The hidden copy of your answers that the conflict page carries (raw HTML)."""
    import re

    match = re.search(r'name="yours" value="([^"]*)"', raw)
    assert match, "the conflict page carries your answers"
    return html.unescape(match.group(1))


@pytest.mark.django_db(transaction=True)
def test_two_transactions_saving_the_same_version_at_once_cannot_both_win():
    fc = family_case(children=1, adults=1)
    assessment = assessment_start(actor=fc.worker, case=fc.case)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def save(user_id: int, text_: str) -> None:
        try:
            user = User.objects.get(pk=user_id)
            barrier.wait()
            assessment_section_save(
                actor=user,
                assessment=assessment,
                key="views",
                values={"family_view": text_},
                complete=False,
                expected_version=0,
            )
            outcomes[text_] = "saved"
        except ConcurrentChangeError as exc:
            outcomes[text_] = f"conflict with {exc.extra['theirs']['family_view']}"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(fc.worker.pk, "first")),
        threading.Thread(target=save, args=(fc.manager.pk, "second")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    winner = next(k for k, v in outcomes.items() if v == "saved")
    loser = next(k for k in outcomes if k != winner)
    assert outcomes[loser] == f"conflict with {winner}"
    row = AssessmentSection.objects.get(assessment=assessment, key="views")
    assert row.version == 1 and row.data["family_view"] == winner
