"""What an uploaded file really is, decided from its bytes, and whether it may be kept.

The rule: the type found in the content must be one of the allowed types (PDF, images,
Office documents) AND the file's extension must be one that type is known by. So a PDF
renamed `.exe` is refused (the name lies about a good file, and a download would open
it with the wrong program) and so is an executable renamed `.pdf` (the content is not
allowed whatever the name). The name is never trusted on its own, and neither is the
browser's Content-Type, which is the name's guess.

Content is read by libmagic (python-magic over Debian's libmagic1), the `file` command's
database: it recognises hundreds of formats, so a refused file is named for what it is
("a Windows program"), and Office formats are told apart by their inner structure, which
a first-bytes check (the `filetype` package) cannot do for the older binary formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

import magic

# Allowed content types and the extensions each may carry.
ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/gif": (".gif",),
    "image/tiff": (".tif", ".tiff"),
    "image/heic": (".heic",),
    "image/webp": (".webp",),
    "application/msword": (".doc", ".dot"),
    "application/vnd.ms-excel": (".xls",),
    "application/vnd.ms-powerpoint": (".ppt",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
    "application/vnd.oasis.opendocument.spreadsheet": (".ods",),
    "application/rtf": (".rtf",),
    "text/rtf": (".rtf",),
}
# libmagic names the older Office formats by their container in some versions.
OLE_CONTAINER = "application/x-ole-storage"
OLE_EXTENSIONS = (".doc", ".xls", ".ppt")
# The words shown for a refused file, for the types people most often meet.
DESCRIBED = {
    "application/x-dosexec": "a Windows program",
    "application/vnd.microsoft.portable-executable": "a Windows program",
    "application/x-executable": "a program",
    "application/x-sharedlib": "a program",
    "application/x-pie-executable": "a program",
    "application/x-mach-binary": "a program",
    "text/x-shellscript": "a script",
    "text/html": "a web page",
    "application/zip": "a zip archive",
    "text/plain": "plain text",
}
ALLOWED_IN_WORDS = "a PDF, an image (JPEG, PNG, GIF, TIFF, HEIC, WebP) or an Office document"
# libmagic reads the start of a file; this much is enough for every allowed format.
SNIFF_BYTES = 256 * 1024


@dataclass(frozen=True)
class Verdict:
    content_type: str
    allowed: bool
    error: str = ""


def sniff(head: bytes) -> str:
    return str(magic.from_buffer(head, mime=True))


def check(*, name: str, head: bytes) -> Verdict:
    """Decide on a file from its first bytes (`head`) and the name it came with."""
    found = sniff(head)
    extension = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if found == OLE_CONTAINER and extension in OLE_EXTENSIONS:
        found = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}.get(
            extension, "application/vnd.ms-powerpoint"
        )
    if found not in ALLOWED:
        what = DESCRIBED.get(found, "a type of file that cannot be kept")
        return Verdict(found, False, f"{name} is {what}. Upload {ALLOWED_IN_WORDS}")
    if extension not in ALLOWED[found]:
        expected = " or ".join(ALLOWED[found])
        return Verdict(
            found,
            False,
            f"{name} does not match its contents: it is a {expected} file. Rename it "
            f"to end in {expected} and upload it again",
        )
    return Verdict(found, True)
