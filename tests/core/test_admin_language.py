"""The coordinators' admin speaks German: the selection boxes' script strings,
the column headers of every field, the inputs of tabular rows named."""

import pytest
from django.apps import apps

from projects.models import Topic
from tests.events.factories import EventFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

APPS = ("core", "members", "projects", "funding", "events")
# Internal columns no admin page shows (hashes, search vectors, counters).
INTERNAL = {
    ("core", "formsubmission", "token"),
    ("members", "user", "session_generation"),
    ("members", "apitoken", "key_hash"),
    ("projects", "project", "search_vector"),
    ("projects", "project", "title_summary_vector"),
    ("projects", "facetcount", "facet"),
    ("projects", "facetcount", "value"),
    ("projects", "facetcount", "count"),
    *(("projects", "scopedfacetcount", name) for name in ("scope", "facet", "value", "count")),
    ("projects", "synonymgroup", "lexemes"),
    ("projects", "searchword", "key"),
    ("projects", "searchword", "word"),
    *(
        ("projects", "catalogueentry", name)
        for name in (
            "project",
            "search_vector",
            "title",
            "phase",
            "is_reusable",
            "reuse_count",
            "investment_cost",
            "possibly_outdated",
            "published_at",
            "lead_municipality_id",
            "topic_ids",
            "city_ids",
        )
    ),  # fmt: skip
    *(
        ("funding", "municipalitytotal", name)
        for name in ("municipality", "position", "head", "grants", "approved", "disbursed")
    ),
    *(
        ("projects", "municipalitysavings", name)
        for name in (
            "municipality",
            "reports",
            "investment",
            "effort_days",
            "contributed",
            "contributed_investment",
            "position",
            "head",
            "row_json",
        )
    ),
}


@pytest.fixture
def admin_client(coordinator, client):
    client.force_login(coordinator)
    return client


def test_every_field_has_a_german_name():
    english = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.get_fields()
        if hasattr(field, "verbose_name")
        and not field.auto_created
        and (model._meta.app_label, model._meta.model_name, field.name) not in INTERNAL
        and str(field.verbose_name) == field.name.replace("_", " ")
    ]
    assert english == []


def test_selection_box_strings_are_german(admin_client):
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert '"Choose all %s": "Alle %s ausw\\u00e4hlen"' in script
    assert '"Remove all %s": "Alle %s entfernen"' in script
    assert '"Choose": "Ausw\\u00e4hlen"' in script  # Django's own catalogue still there


def test_selection_box_strings_stay_english_in_english(admin_client):
    admin_client.cookies["django_language"] = "en"
    script = admin_client.get("/admin/jsi18n/").content.decode()
    assert "Alle %s" not in script


def test_uploaded_by_column_is_german(speyer, admin_client):
    project = ProjectFactory(lead_municipality=speyer)
    page = admin_client.get(f"/admin/projects/project/{project.pk}/change/").content.decode()
    assert "Hochgeladen von" in page
    assert "Uploaded by" not in page


def test_tabular_inputs_and_split_fields_are_named(admin_client):
    event = EventFactory()
    page = admin_client.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert 'aria-label="Beginn: Datum"' in page
    assert 'aria-label="Beginn: Uhrzeit"' in page
    assert 'aria-label="Programmpunkt"' in page  # a column of the agenda


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/admin/members/municipality/{pk}/change/", "slug"),
        ("/admin/projects/topic/{pk}/change/", "slug"),
        ("/admin/events/event/{pk}/change/", "slug"),
    ],
)
def test_url_short_names_are_read_only_after_creation(url, field, admin_client, speyer):
    objects = {
        "municipality": speyer,
        "topic": Topic.objects.create(name="Testthema", slug="testthema"),
        "event": EventFactory(),
    }
    obj = next(o for name, o in objects.items() if f"/{name}/" in url)
    form = admin_client.get(url.format(pk=obj.pk)).context["adminform"].form
    assert field not in form.fields


def test_ical_fields_are_read_only(admin_client):
    event = EventFactory()
    form = admin_client.get(f"/admin/events/event/{event.pk}/change/").context["adminform"].form
    assert "sequence" not in form.fields
    assert "ical_uid" not in form.fields
