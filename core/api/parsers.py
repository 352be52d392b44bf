"""Request body parsers: DRF's, with German 400s where DRF has a 500 or English.

- JSON nested deeper than Python's recursion limit (``[[[[…]]]]``) raised a
  RecursionError, a 500;
- DRF's parse errors read "JSON parse error - Expecting value: line 1 …";
- a body of JSON ``null`` ended in DRF's untranslated "No data provided";
- more form fields than DATA_UPLOAD_MAX_NUMBER_FIELDS was Django's HTML 400.
"""

import json

from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except ParseError as error:
            cause = error.__context__
            if isinstance(cause, json.JSONDecodeError):
                message = _("Ungültiges JSON in Zeile %(line)d, Spalte %(column)d.") % {
                    "line": cause.lineno,
                    "column": cause.colno,
                }
                raise ParseError(message) from None
            raise ParseError(_("Der Inhalt ist kein gültiges JSON.")) from None
        except RecursionError:
            raise ParseError(_("Das JSON ist zu tief verschachtelt.")) from None
        if data is None:
            raise ParseError(_("Es wurden keine Daten übermittelt."))
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except SuspiciousOperation:
            raise ParseError(_("Die Anfrage enthält zu viele Felder.")) from None


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except ParseError:
            raise ParseError(_("Die Multipart-Daten sind unlesbar.")) from None
        except SuspiciousOperation:
            raise ParseError(_("Die Anfrage enthält zu viele Felder oder Dateien.")) from None
