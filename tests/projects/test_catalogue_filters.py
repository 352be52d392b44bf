"""The catalogue's topic filter reads the topic by its slug as a model choice would."""

import pytest
from django import forms

from projects.forms import CatalogueFilterForm
from projects.models import Topic

pytestmark = pytest.mark.django_db


def test_a_topic_is_chosen_by_its_slug_and_an_unknown_one_is_the_usual_error(
    django_assert_num_queries,
):
    topic = Topic.objects.create(name="Mobilität", slug="mobilitaet")
    with django_assert_num_queries(1):
        chosen = CatalogueFilterForm({"topic": "mobilitaet"}).filters().topic
    assert (chosen.pk, chosen.name, chosen.slug) == (topic.pk, "Mobilität", "mobilitaet")
    assert CatalogueFilterForm({"topic": topic}).filters().topic == topic
    unknown = CatalogueFilterForm({"topic": "unbekannt"})
    assert unknown.filters().topic is None
    expected = forms.ModelChoiceField(Topic.objects.all(), to_field_name="slug")
    with pytest.raises(forms.ValidationError) as error:
        expected.clean("unbekannt")
    assert unknown.errors["topic"] == error.value.messages
