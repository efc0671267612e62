"""Uploaded files judged by their content, never by their name: one check for every upload.

Readiness evidence, plan evidence and receipt proofs all accept a subset of the same
types; each upload is sniffed with ``filetype`` and refused with a message naming the
file when it is empty, too large or not of an accepted type.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# MIME type: (extension used for the stored name, label shown to users)
FILE_TYPES = {
    "application/pdf": ("pdf", "PDF"),
    "image/jpeg": ("jpg", "JPEG"),
    "image/png": ("png", "PNG"),
    "image/webp": ("webp", "WebP"),
    DOCX: ("docx", "DOCX"),
    XLSX: ("xlsx", "XLSX"),
}
# DOCX and XLSX are recognised from the first entries of their zip archive.
HEAD_BYTES = 262_144


@dataclass(frozen=True)
class FileKind:
    mime: str
    extension: str


def read_head(upload) -> bytes:
    """The first bytes of an uploaded file, leaving it ready to be read again."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def check_file(*, name: str, size: int, head: bytes, accepted: Iterable[str], field: str | None = None) -> FileKind:
    """The file's type if it is accepted; a ValidationError naming the file otherwise."""
    accepted = list(accepted)
    problem = None
    if not size:
        problem = _("%(name)s is empty.") % {"name": name}
    elif size > settings.UPLOAD_MAX_BYTES:
        problem = _("%(name)s is larger than %(mb)s MB.") % {
            "name": name,
            "mb": round(settings.UPLOAD_MAX_BYTES / 1024 / 1024, 1),
        }
    else:
        kind = filetype.guess(head)
        if kind is not None and kind.mime in accepted:
            return FileKind(kind.mime, FILE_TYPES[kind.mime][0])
        problem = _("%(name)s is not one of the accepted types (%(types)s); files are judged by their content.") % {
            "name": name,
            "types": ", ".join(FILE_TYPES[mime][1] for mime in accepted),
        }
    raise ValidationError({field: [problem]} if field else problem)


def safe_download_name(name: str, extension: str, *, default: str = "file") -> str:
    """The name a file is downloaded under: the uploader's stem, cleaned, with the extension of
    its real content. ``evil.html`` holding a PNG downloads as ``evil.png``."""
    stem = PurePath((name or "").replace("\\", "/")).stem
    stem = re.sub(r"[^\w\- ]+", "_", stem).strip(" ._-")[:80]
    return f"{stem or default}.{extension}"


def extension_of(content_type: str) -> str:
    """The extension files of this (accepted) type are served with."""
    return FILE_TYPES.get(content_type, ("bin", ""))[0]


# Images and PDF open in the browser (a reviewer sees the photo); everything else downloads.
SHOWN_INLINE = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def file_response(handle, *, content_type: str, filename: str) -> FileResponse:
    """An uploaded file served by a view that has already checked the user's scope.

    It is sandboxed (an uploaded file never runs script in the app's origin) and never cached
    outside the user's browser.
    """
    response = FileResponse(
        handle, content_type=content_type, as_attachment=content_type not in SHOWN_INLINE, filename=filename
    )
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def is_shown_inline(content_type: str) -> bool:
    return content_type in SHOWN_INLINE
