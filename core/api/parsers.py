"""The API's one request body parser: JSON (any other body is DRF's 415),
with German 400s where DRF has a 500 or English.

- JSON nested deeper than Python's recursion limit (``[[[[…]]]]``) raised a
  RecursionError, a 500;
- DRF's parse errors read "JSON parse error - Expecting value: line 1 …";
- a body of JSON ``null`` ended in DRF's untranslated "No data provided".
"""

import json

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
