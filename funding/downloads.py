"""Proof documents are served only through a permission check (page or API)."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from core.uploads import document_file_name
from funding.models import ReportingObligation


def document_response(obligation: ReportingObligation) -> FileResponse:
    """The stored proof as an attachment; the caller has checked the permission."""
    if not obligation.document:
        raise Http404(_("Zu diesem Nachweis gibt es kein Dokument."))
    try:
        handle = obligation.document.open("rb")
    except FileNotFoundError:
        raise Http404(_("Das Dokument wurde nicht gefunden.")) from None
    response = FileResponse(
        handle,
        as_attachment=True,
        # The stem the person gave, the extension of the type recognised on upload.
        filename=document_file_name(
            obligation.document_name, obligation.document_content_type, default="nachweis"
        ),
        content_type=obligation.document_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
