"""Where documents' bytes are kept: private storage, never a public URL.

The `documents` entry of STORAGES is the local filesystem under
`PRIVATE_STORAGE_ROOT/documents` by default, or an S3-compatible bucket through
django-storages when `DOCUMENTS_S3_BUCKET` is set (settings/base.py). Nothing here or
anywhere builds a URL to a stored file: every byte goes out through the download view.
Quarantined files move under `quarantine/` in the same storage, where no view reads.
"""

from __future__ import annotations

import uuid

from django.core.files.storage import Storage, storages

CLEAN_PREFIX = "files/"
QUARANTINE_PREFIX = "quarantine/"


def document_storage() -> Storage:
    return storages["documents"]


def new_stored_name() -> str:
    """A name owing nothing to the uploader: no path, no extension, no collisions."""
    return f"{CLEAN_PREFIX}{uuid.uuid4().hex}"


def quarantined_name(stored_name: str) -> str:
    return QUARANTINE_PREFIX + stored_name.removeprefix(CLEAN_PREFIX)
