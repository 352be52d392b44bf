"""Checks for uploaded documents, shared by project documents and funding proofs.

The type is recognised by content, never by file name: an executable renamed
``.pdf`` is refused. Allowed: PDF, ODT, DOCX, PNG, JPEG, at most 10 MB. A
document is stored and served with the extension of the recognised type
(``document_file_name``): a PDF called ``evil.html`` is downloaded as
``evil.pdf``, never as something a browser would open as a page.
"""

import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from core.text import clean_file_name

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", ODT: ".odt", DOCX: ".docx"}
ACCEPT_ATTRIBUTE = ",".join([*EXTENSIONS.values(), ".jpeg", *EXTENSIONS.keys()])


# An extension a name ends with (".html", ".PDF"); ".2024" of "Protokoll
# 12.05.2024" is part of the name, not an extension.
_EXTENSION = re.compile(r"\.(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}\Z")
MAX_FILE_NAME = 255


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str
    size: int


def _sniff_zip(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return DOCX
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    return None


def detect_content_type(file) -> str | None:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        detected = _sniff_zip(file)
        file.seek(0)
        return detected
    return None


def check_document(file: UploadedFile) -> CheckedDocument:
    """Return the recognised type or raise a ValidationError with a German message."""
    limit = settings.MAX_DOCUMENT_SIZE
    size = file.size or 0
    if size > limit:
        raise ValidationError(
            _("Die Datei ist %(size)s groß; erlaubt sind höchstens %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if size == 0:
        raise ValidationError(_("Die Datei ist leer."), code="file_empty")
    content_type = detect_content_type(file)
    if content_type is None:
        raise ValidationError(
            _(
                "Dieser Dateityp ist nicht erlaubt. Erlaubt sind PDF, ODT, DOCX, PNG und JPEG "
                "– erkannt wird der Typ am Inhalt, nicht am Dateinamen."
            ),
            code="file_type",
        )
    return CheckedDocument(content_type, EXTENSIONS[content_type], size)


def document_file_name(name: str, content_type: str, *, default: str = "dokument") -> str:
    """The name a document is stored and downloaded under: the stem the person
    gave (without folders and control characters) and the extension of the
    type recognised by content. Unknown types keep the cleaned name."""
    cleaned = clean_file_name(name, default=default)
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return cleaned[:MAX_FILE_NAME]
    stem = _EXTENSION.sub("", cleaned).rstrip(" .") or default
    return stem[: MAX_FILE_NAME - len(extension)] + extension
