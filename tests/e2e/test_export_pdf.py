import pytest

from partners.roles import Role
from reporting.exports import services
from reporting.models import ExportJob
from tests.cases.factories import CaseFactory
from tests.e2e.conftest import assert_accessible, sign_in
from tests.partners.factories import TEST_PASSWORD, AgencyFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_exports_an_audit_pdf_and_the_page_updates_itself_when_ready(
    page, live_server, settings, tmp_path
):
    settings.PRIVATE_STORAGE_ROOT = tmp_path
    lead = AgencyFactory()
    manager = member(Role.MANAGER, agency=lead)
    case = CaseFactory(lead_agency=lead)
    sign_in(page, live_server, manager.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_role("link", name="Export").click()
    assert_accessible(page)
    page.get_by_role("button", name="Export an audit PDF").click()
    page.get_by_text("Waiting to start").wait_for()
    assert_accessible(page)

    services.export_run(job_id=ExportJob.objects.get().pk)  # the worker's part
    page.get_by_role("heading", name="Your export is ready").wait_for(timeout=15_000)
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {case.reference}").click()
    assert download.value.suggested_filename.startswith(case.reference)
