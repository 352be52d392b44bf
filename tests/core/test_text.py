"""Text people type: invisible control characters refused, file names cleaned,
dates within 1990–2100 — the validators and constraints, and that every
shown text field and every date people enter has them."""

from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from core.constraints import FieldRangeConstraint
from core.text import clean_file_name, validate_multi_line, validate_one_line
from core.uploads import DOCX, PDF, PNG, document_file_name
from projects.licences import validate_spdx

HIDDEN = [
    "\u202e",  # right-to-left override
    "\u202a",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200e",
    "\u200f",
    "\u061c",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9f",
]
MESSAGE = (
    "Der Text enthält unsichtbare Steuerzeichen ({}), etwa zur Umkehr der Schreibrichtung "
    "oder für Zeilenumbrüche. Bitte entfernen Sie sie."
)


@pytest.mark.parametrize("character", HIDDEN)
@pytest.mark.parametrize("validate", [validate_one_line, validate_multi_line])
def test_hidden_control_characters_are_refused(character, validate):
    with pytest.raises(ValidationError) as error:
        validate(f"Speyer{character}txt.exe")
    assert error.value.messages == [MESSAGE.format(f"U+{ord(character):04X}")]
    assert error.value.code == "control_characters"


@pytest.mark.parametrize("character", ["\n", "\r", "\t", "\u2028", "\u2029"])
def test_line_breaks_and_tabs_only_where_text_has_lines(character):
    with pytest.raises(ValidationError):
        validate_one_line(f"Zeile{character}Zeile")
    if character in "\n\r\t":
        validate_multi_line(f"Zeile{character}Zeile")


def test_each_character_is_named_once():
    with pytest.raises(ValidationError) as error:
        validate_one_line("\u202ea\u202eb\u200f")
    assert error.value.messages == [MESSAGE.format("U+202E, U+200F")]


@pytest.mark.parametrize(
    "text", ["", "Bürgerportal Cochem-Zell", "06232 14-0", "Łódź – 東京 – مرحبا", "😀 a\u200db"]
)
def test_ordinary_text_passes(text):
    validate_one_line(text)
    validate_multi_line(text)


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("Kostenplan 2024.pdf", "Kostenplan 2024.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\fakepath\\Bericht.docx", "Bericht.docx"),
        ("Rechnung\u202efdp.exe", "Rechnungfdp.exe"),
        ("\x00\x1f.htaccess ", "htaccess"),
        ("", "dokument"),
        ("\u202e", "dokument"),
    ],
)
def test_file_names_are_cleaned(name, cleaned):
    assert clean_file_name(name) == cleaned


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("evil.html", PDF, "evil.pdf"),
        ("Bericht.PDF", PDF, "Bericht.pdf"),
        ("Foto.jpeg.svg", PNG, "Foto.jpeg.png"),
        ("Protokoll 12.05.2024", PDF, "Protokoll 12.05.2024.pdf"),
        ("Vertrag", DOCX, "Vertrag.docx"),
        ("Rechnung\u202efdp.exe", PDF, "Rechnungfdp.pdf"),
        (".pdf", PDF, "pdf.pdf"),
        ("a" * 300 + ".html", PDF, "a" * 251 + ".pdf"),
        ("alt.bin", "application/octet-stream", "alt.bin"),
    ],
)
def test_documents_are_named_with_the_extension_of_their_type(name, content_type, served):
    assert document_file_name(name, content_type) == served


# --- every field people fill in ---------------------------------------------------

# Text fields that are not typed by people: internal names, hashes, types,
# rendered HTML, the history's own records, reminder bookkeeping.
MACHINE_TEXT = {
    "members.AuditEntry.object_id",
    "members.AuditEntry.object_repr",
    "members.AuditEntry.action",
    "members.User.password",
    "members.ApiToken.prefix",
    "members.ApiToken.key_hash",
    "projects.Project.description_html",
    "projects.Question.body_html",
    "projects.Answer.body_html",
    "projects.ProjectDocument.content_type",
    "projects.SearchWord.key",
    "projects.SearchWord.word",
    "projects.FacetCount.facet",
    "projects.FacetCount.value",
    "projects.ScopedFacetCount.scope",
    "projects.ScopedFacetCount.facet",
    "projects.ScopedFacetCount.value",
    # copies the database keeps of a project's validated fields (migration 0025)
    "projects.CatalogueEntry.title",
    "projects.CatalogueEntry.phase",
    "funding.ReportingObligation.document_content_type",
    "funding.MunicipalityTotal.head",
    "projects.MunicipalitySavings.head",
    "funding.ReportingReminder.stage",
    "funding.ReportingReminder.last_error",
    "events.EventReminder.stage",
    "events.EventReminder.last_error",
    "projects.CurrentReminder.stage",
    "projects.CurrentReminder.last_error",
    "projects.Notice.stage",
    "projects.Notice.last_error",
    "projects.Digest.stage",
    "projects.Digest.last_error",
}
# Dates and times the portal sets itself (when something happened).
MACHINE_DATES = {
    "created_at",
    "hidden_at",
    "updated_at",
    "submitted_at",
    "published_at",
    "cancelled_at",
    "uploaded_at",
    "date_joined",
    "last_login",
    "expires_at",
    "revoked_at",
    "last_used_at",
    "registered_at",
    "confirmed_at",
    "attended_at",
    "sent_at",
    "sending_since",
    "next_attempt_at",
    "anonymised_at",
    "current_confirmed_at",
    "last_visit_at",
    "handled_at",
}
APPS = ["members", "projects", "funding", "events"]


def _fields(kind):
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, kind):
                    yield f"{app}.{model.__name__}.{field.name}", model, field


# validate_spdx checks a licence with validate_one_line first (its own schema
# pattern is the stricter one); tests/projects/test_uploads_and_text.py shows it.
REFUSING_CONTROL_CHARACTERS = (validate_one_line, validate_multi_line, validate_spdx)


def test_every_shown_text_field_refuses_control_characters():
    missing = [
        name
        for name, _model, field in _fields((models.CharField, models.TextField))
        if name not in MACHINE_TEXT
        and not field.choices
        and not isinstance(field, models.SlugField)
        and not any(v in REFUSING_CONTROL_CHARACTERS for v in field.validators)
        and field.name != "ags"  # eight digits (its own validator and CHECK)
    ]
    assert missing == []


def test_every_date_people_enter_is_held_within_1990_to_2100():
    missing = []
    for name, model, field in _fields(models.DateField):  # DateTimeField is one too
        if field.name in MACHINE_DATES:
            continue
        ranges = [
            constraint
            for constraint in model._meta.constraints
            if isinstance(constraint, FieldRangeConstraint) and constraint.field == field.name
        ]
        if not ranges:
            missing.append(name)
            continue
        (constraint,) = ranges
        moment = isinstance(field, models.DateTimeField)
        assert (constraint.lower, constraint.upper) == (
            (datetime(1990, 1, 1, tzinfo=UTC), datetime(2100, 12, 31, 23, 59, 59, tzinfo=UTC))
            if moment
            else (date(1990, 1, 1), date(2100, 12, 31))
        ), name
    assert missing == []
