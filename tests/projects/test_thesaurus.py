"""The thesaurus of the search: kept by coordinators through services, in the
admin too, with history; a change applies to the next search."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members.audit import history_for
from projects import services
from projects.models import SynonymGroup, WordPart
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)


def found(client, query: str) -> str:
    return client.get("/projekte/", {"q": query}).content.decode()


@pytest.mark.parametrize("actor", ["speyer_staff", "ministry"], indirect=True)
def test_only_coordinators_keep_the_thesaurus(actor):
    with pytest.raises(PermissionDenied):
        services.synonym_group_save(group=SynonymGroup(terms=["Amt", "Behörde"]), actor=actor)
    with pytest.raises(PermissionDenied):
        services.word_part_save(part=WordPart(word="kran"), actor=actor)


def test_a_group_needs_two_different_terms(coordinator):
    with pytest.raises(ValidationError) as error:
        services.synonym_group_save(
            group=SynonymGroup(terms=["Bürgerbüro", " bürgerbüro ", ""]), actor=coordinator
        )
    assert error.value.message_dict["terms"] == ["Eine Gruppe braucht mindestens zwei Begriffe."]


def test_terms_and_notes_refuse_control_characters(coordinator):
    with pytest.raises(ValidationError) as error:
        services.synonym_group_save(
            group=SynonymGroup(terms=["Amt", "Beh\u202eörde"], note="a\u200fb"), actor=coordinator
        )
    assert set(error.value.message_dict) == {"terms", "note"}
    assert not SynonymGroup.objects.filter(terms__contains=["Amt"]).exists()


def test_a_word_part_is_lower_case_letters(coordinator):
    part = services.word_part_save(part=WordPart(word=" Kran "), actor=coordinator)
    assert part.word == "kran"
    with pytest.raises(ValidationError) as error:
        services.word_part_save(part=WordPart(word="kita portal"), actor=coordinator)
    assert error.value.message_dict["word"] == [
        "Nur Kleinbuchstaben (auch ä, ö, ü, ß), mindestens drei."
    ]


def test_a_new_word_part_indexes_its_projects_again(speyer, client, coordinator):
    ProjectFactory(title="Digitaler Hafenkran", lead_municipality=speyer)
    assert "Digitaler Hafenkran" not in found(client, "Kran")
    part = services.word_part_save(part=WordPart(word="kran"), actor=coordinator)
    assert "Digitaler Hafenkran" in found(client, "Kran")
    services.word_part_delete(part=part, actor=coordinator)
    assert "Digitaler Hafenkran" not in found(client, "Kran")


def test_the_admin_writes_groups_through_the_service(speyer, client, actor_client, coordinator):
    ProjectFactory(title="Leuchtturmprojekt Innenstadt", lead_municipality=speyer)
    assert "Leuchtturmprojekt" not in found(client, "Vorzeigeprojekt")
    admin = actor_client(coordinator)
    response = admin.post(
        "/admin/projects/synonymgroup/add/",
        {"terms": "Vorzeigeprojekt, Leuchtturmprojekt", "note": "Sprachgebrauch"},
    )
    assert response.status_code == 302
    group = SynonymGroup.objects.get(note="Sprachgebrauch")
    assert group.terms == ["Vorzeigeprojekt", "Leuchtturmprojekt"]
    assert history_for(group).get().actor == coordinator
    assert "Leuchtturmprojekt Innenstadt" in found(client, "Vorzeigeprojekt")
    # A refusal shows at the field, nothing is written.
    response = admin.post("/admin/projects/synonymgroup/add/", {"terms": "Nur einer"})
    assert response.status_code == 200
    assert "Eine Gruppe braucht mindestens zwei Begriffe." in response.content.decode()
    assert not SynonymGroup.objects.filter(terms=["Nur einer"]).exists()
    response = admin.post(f"/admin/projects/synonymgroup/{group.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert "Leuchtturmprojekt Innenstadt" not in found(client, "Vorzeigeprojekt")


def test_the_admin_writes_word_parts_through_the_service(speyer, client, actor_client, coordinator):
    ProjectFactory(title="Digitaler Hafenkran", lead_municipality=speyer)
    admin = actor_client(coordinator)
    assert admin.post("/admin/projects/wordpart/add/", {"word": "kran"}).status_code == 302
    assert "Digitaler Hafenkran" in found(client, "Kran")
    assert admin.get("/admin/projects/wordpart/?q=kran").status_code == 200
    assert actor_client(None).get("/admin/projects/wordpart/").status_code == 302  # to login
