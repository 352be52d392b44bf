import pytest
from django.core.exceptions import ValidationError

from projects import services
from projects.markup import render_markdown, unsafe_markup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text",
    [
        "Text mit **fett**",
        "Eine Tabelle\n\n| a | b |\n|---|---|\n| 1 | 2 |",
        "`<script>` im Code ist nur Text",
        "[Link](https://example.org) und [Mail](mailto:a@example.org)",
        "Kosten < 5000 € und a<b",
    ],
)
def test_harmless_markdown_is_not_flagged(text):
    assert unsafe_markup(text) == []


def test_render_keeps_structure_and_adds_safe_link_attributes():
    html = render_markdown("## Ziel\n\n[Website](https://example.org)")
    assert "<h2>Ziel</h2>" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_render_drops_everything_active():
    html = render_markdown(
        "<script>x</script><svg onload=y></svg><a href='data:text/html,1'>d</a>\n\n"
        "[a](javascript:z) ![b](javascript:w)"
    )
    assert "<script" not in html and "onload" not in html and "<svg" not in html
    assert "javascript:" not in html and "data:" not in html
    assert '<a rel="noopener noreferrer nofollow">a</a>' in html


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("interessiert", "in_pruefung", True),
        ("interessiert", "im_betrieb", True),
        ("in_pruefung", "in_umsetzung", True),
        ("in_umsetzung", "im_betrieb", True),
        ("im_betrieb", "abgebrochen", True),
        ("abgebrochen", "interessiert", True),
        ("in_umsetzung", "interessiert", False),
        ("im_betrieb", "in_umsetzung", False),
        ("abgebrochen", "im_betrieb", False),
    ],
)
def test_adoption_transitions(old, new, allowed):
    if allowed:
        services.check_adoption_transition(old, new)
    else:
        with pytest.raises(ValidationError):
            services.check_adoption_transition(old, new)


def test_adoption_of_unpublished_project_is_refused(draft, landau_staff, coordinator, landau):
    with pytest.raises(ValidationError) as error:
        services.adoption_create(project=draft, municipality=landau, actor=coordinator)
    assert error.value.message_dict == {
        "project": ["Nachnutzen lässt sich nur ein veröffentlichtes Projekt."]
    }


def test_adoption_page_flow(published, landau_staff, client):
    client.force_login(landau_staff)
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Wir nutzen das nach" in page
    client.post(
        f"/projekte/{published.slug}/nachnutzung/",
        {"adoption-status": "interessiert", "adoption-note": "Gespräch im Mai."},
    )
    adoption = published.adoptions.get()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Stand der Nachnutzung in Landau in der Pfalz" in page
    assert "Gespräch im Mai." in page
    client.post(
        f"/projekte/{published.slug}/nachnutzung/{adoption.pk}/",
        {"own-status": "in_umsetzung", "own-note": "Beauftragt."},
    )
    adoption.refresh_from_db()
    assert adoption.status == "in_umsetzung"
    assert adoption.started_on is not None
    # Anonymous visitors see who reuses it, not the notes.
    client.logout()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Landau in der Pfalz" in page and "In Umsetzung" in page
    assert "Beauftragt." not in page


def test_edit_form_shows_similar_projects_at_once(published, speyer, speyer_staff, client):
    from tests.projects.factories import ProjectFactory

    other = ProjectFactory(title="Smarte Lichtmasten Innenstadt", lead_municipality=speyer)
    client.force_login(speyer_staff)
    page = client.get(f"/projekte/{other.slug}/bearbeiten/").content.decode()
    assert "Ähnliche Projekte gibt es schon" in page
    assert 'href="/projekte/smarte-lichtmasten/"' in page
