"""The optimistic-lock helper: a change lands only on the version the person read."""

import pytest
from django.db import transaction

from earlyhelp.errors import ConcurrentChangeError
from earlyhelp.versioning import lock_version, save_new_version
from partners.directory.models import Service
from tests.partners.directory.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_version_read_is_locked_and_handed_back():
    service = ServiceFactory()
    with transaction.atomic():
        locked = lock_version(Service.objects, pk=service.pk, expected=service.version, stale="x")
    assert locked.pk == service.pk


def test_a_stale_version_is_refused_with_the_message_given():
    service = ServiceFactory()
    with (
        pytest.raises(ConcurrentChangeError, match="Someone else changed it"),
        transaction.atomic(),
    ):
        lock_version(
            Service.objects,
            pk=service.pk,
            expected=service.version + 1,
            stale="Someone else changed it",
        )


def test_a_stale_version_can_be_described_from_the_row_as_it_now_is():
    service = ServiceFactory()
    with pytest.raises(ConcurrentChangeError) as refused, transaction.atomic():
        lock_version(
            Service.objects,
            pk=service.pk,
            expected=service.version - 1,
            stale=lambda row: ConcurrentChangeError(
                f"{row.name} changed", {"current_version": row.version}
            ),
        )
    assert refused.value.extra == {"current_version": service.version}


def test_no_expected_version_skips_the_check():
    service = ServiceFactory()
    with transaction.atomic():
        locked = lock_version(Service.objects, pk=service.pk, expected=None, stale="x")
    assert locked.version == service.version


def test_a_new_version_writes_the_values_and_the_next_version_only():
    service = ServiceFactory(name="Before")
    with transaction.atomic():
        locked = lock_version(Service.objects, pk=service.pk, expected=service.version, stale="x")
        locked.name = "Typed but not named"
        save_new_version(locked, status="withdrawn")
    stored = Service.objects.get(pk=service.pk)
    assert stored.version == service.version + 1
    assert stored.status == "withdrawn"
    assert stored.name == "Before"


def test_update_fields_none_writes_the_whole_row():
    service = ServiceFactory(name="Before")
    with transaction.atomic():
        locked = lock_version(Service.objects, pk=service.pk, expected=service.version, stale="x")
        locked.name = "After"
        save_new_version(locked, update_fields=None)
    stored = Service.objects.get(pk=service.pk)
    assert (stored.name, stored.version) == ("After", service.version + 1)
