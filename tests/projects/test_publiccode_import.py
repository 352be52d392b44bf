"""publiccode.yml in: the project form prefilled from an uploaded or pasted
file; bad files refused with German messages naming key and line, never a 500."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.models import Project
from projects.publiccode import MAX_BYTES, read_publiccode
from tests.projects.factories import ProjectFactory, TopicFactory

EXAMPLE = (Path(__file__).parent / "data" / "publiccode" / "example.publiccode.yml").read_bytes()
CREATE = reverse("projects:project-create")

VALID = """\
publiccodeYmlVersion: "0.5"
name: Mängelmelder
url: https://gitlab.opencode.de/speyer/maengelmelder
landingURL: https://maengel.speyer.example
developmentStatus: stable
softwareType: standalone/web
platforms: [web]
categories: [digital-citizenship]
description:
  de:
    shortDescription: Schäden im Stadtgebiet melden.
    longDescription: Der Mängelmelder nimmt Meldungen entgegen.
    features:
      - Meldungen mit Foto
legal:
  license: eupl-1.2
maintenance:
  type: internal
dependsOn:
  open:
    - name: PostgreSQL
"""


def import_file(client, data: bytes, url: str = CREATE):
    return client.post(
        url,
        {
            "action": "import-publiccode",
            "publiccode-publiccode_file": SimpleUploadedFile(
                "publiccode.yml", data, content_type="application/yaml"
            ),
        },
    )


def paste(client, text: str, url: str = CREATE):
    return client.post(url, {"action": "import-publiccode", "publiccode-publiccode_text": text})


def test_an_upload_prefills_the_form_and_saves_nothing(client, speyer_staff):
    TopicFactory(slug="buergerservice", name="Bürgerservice")
    client.force_login(speyer_staff)
    response = import_file(client, VALID.encode())
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["title"] == "Mängelmelder"
    assert form.initial["summary"] == "Schäden im Stadtgebiet melden."
    assert form.initial["description"].endswith("- Meldungen mit Foto")
    assert form.initial["licence"] == "EUPL-1.2"  # canonical SPDX spelling
    assert form.initial["technologies"] == "PostgreSQL"
    assert form.initial["repository_url"] == "https://gitlab.opencode.de/speyer/maengelmelder"
    assert form.initial["website"] == "https://maengel.speyer.example"
    assert form.initial["phase"] == Project.Phase.OPERATION
    assert len(form.initial["topics"]) == 1
    text = response.content.decode()
    assert 'value="Mängelmelder"' in text
    # what the portal has no field for is listed
    assert "maintenance" in response.context["imported"].unmapped
    assert "<code>softwareType</code>" in text
    assert not Project.objects.exists()


def test_pasting_works_like_uploading(client, speyer_staff):
    client.force_login(speyer_staff)
    response = paste(client, VALID)
    assert response.context["form"].initial["title"] == "Mängelmelder"


def test_the_standards_example_imports(client, coordinator):
    client.force_login(coordinator)
    response = import_file(client, EXAMPLE)
    initial = response.context["form"].initial
    assert initial["title"] == "Medusa"
    assert initial["licence"] == "AGPL-3.0-or-later"
    assert initial["phase"] == Project.Phase.IMPLEMENTATION


def test_import_on_the_edit_page_prefills_over_the_stored_values(client, speyer, speyer_staff):
    project = ProjectFactory(lead_municipality=speyer, state=Project.State.DRAFT, title="Alt")
    client.force_login(speyer_staff)
    url = reverse("projects:project-edit", kwargs={"slug": project.slug})
    response = import_file(client, VALID.encode(), url=url)
    assert response.status_code == 200
    assert response.context["form"].initial["title"] == "Mängelmelder"
    project.refresh_from_db()
    assert project.title == "Alt"


def errors(response) -> list[str]:
    assert response.status_code == 200
    return list(response.context["import_form"].non_field_errors())


BOMB = b"""\
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


@pytest.mark.parametrize(
    "data, message",
    [
        (BOMB, "mit allen Verweisen (Anker und Aliase) aufgelöst"),
        (b"a: &a [*a]\n", "verweist mit einem Alias auf sich selbst"),
        (b"[" * 20_000 + b"]" * 20_000, "Ebenen verschachtelt"),
        (b"name: x\n" + b"#" * MAX_BYTES, "größer als 1 MB"),
        ("name: Mängel\n".encode("latin-1"), "nicht in UTF-8 kodiert"),
        (b"name: x\x00\n", "Nullbytes"),
        (b"# nur ein Kommentar\n", "Die Datei ist leer."),
        (b"- eine\n- Liste\n", "Zuordnung von Schlüsseln zu Werten"),
        (b"name: [unclosed\n", "Zeile 2: Die Datei ist kein gültiges YAML"),
        (b"name: x\nkey: !!python/object:os.system ls\n", "Zeile 2: Die Datei enthält einen Wert"),
    ],
)
def test_bad_files_are_refused_with_a_german_message(client, speyer_staff, data, message):
    client.force_login(speyer_staff)
    found = errors(import_file(client, data))
    assert any(message in error for error in found), found
    assert not Project.objects.exists()


def test_an_invalid_file_gets_a_list_naming_key_and_line(client, speyer_staff):
    client.force_login(speyer_staff)
    text = (
        VALID.replace("url: https://gitlab", "url: gitlab")
        .replace("developmentStatus: stable", "developmentStatus: fertig")
        .replace("  license: eupl-1.2", "  license: Frei-1.0")
    )
    found = errors(paste(client, text))
    assert found == [
        "Zeile 5, Schlüssel „developmentStatus“: ist kein erlaubter Wert "
        "(erlaubt: concept, development, beta, stable, obsolete).",
        "Zeile 3, Schlüssel „url“: ist keine gültige http(s)-Adresse.",
    ]
    fixed = text.replace("developmentStatus: fertig", "developmentStatus: stable").replace(
        "url: gitlab", "url: https://gitlab"
    )
    licence_errors = errors(paste(client, fixed))
    assert len(licence_errors) == 1
    assert licence_errors[0].startswith(
        "Zeile 15, Schlüssel „legal.license“: Unbekannte Lizenzkennung"
    )
    assert "Frei-1.0" in licence_errors[0]


def test_missing_keys_are_named(client, speyer_staff):
    client.force_login(speyer_staff)
    found = errors(paste(client, "name: Nur ein Name\n"))
    assert "Zeile 1, Schlüssel „url“: Pflichtangabe fehlt." in found
    assert "Zeile 1, Schlüssel „legal“: Pflichtangabe fehlt." in found


def test_neither_or_both_sources_are_refused(client, speyer_staff):
    client.force_login(speyer_staff)
    assert errors(client.post(CREATE, {"action": "import-publiccode"})) == [
        "Bitte eine publiccode.yml hochladen oder einfügen."
    ]
    both = client.post(
        CREATE,
        {
            "action": "import-publiccode",
            "publiccode-publiccode_text": VALID,
            "publiccode-publiccode_file": SimpleUploadedFile("p.yml", VALID.encode()),
        },
    )
    assert "nicht beides" in errors(both)[0]


def test_only_those_who_may_create_may_import(client, ministry):
    client.force_login(ministry)
    assert paste(client, VALID).status_code == 403
    client.logout()
    assert paste(client, VALID).status_code == 302  # to the login


def test_reading_is_bounded_for_the_worst_inputs():
    """The reader itself, without a request: each refusal is quick and final."""
    from django.core.exceptions import ValidationError

    for data in (BOMB, b"[" * 500_000, b"a: " + b"&x " * 10 + b"1\n"):
        with pytest.raises(ValidationError):
            read_publiccode(data)
