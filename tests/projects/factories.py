import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from projects.markup import render_markdown
from projects.models import Adoption, Participation, Project, Topic
from tests.members.factories import MunicipalityFactory


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Themenfeld {n}")
    slug = factory.Sequence(lambda n: f"themenfeld-{n}")


class ProjectFactory(DjangoModelFactory):
    """A published project unless ``state`` says otherwise."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Projekt Nummer {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    summary = "Eine kurze Beschreibung des Vorhabens."
    description = ""
    # What the services store with the text (projects.markup).
    description_html = factory.LazyAttribute(lambda o: str(render_markdown(o.description)))
    lead_municipality = factory.SubFactory(MunicipalityFactory)
    phase = Project.Phase.OPERATION
    state = Project.State.PUBLISHED
    published_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.state == Project.State.PUBLISHED else None
    )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.SubFactory(MunicipalityFactory)


class AdoptionFactory(DjangoModelFactory):
    class Meta:
        model = Adoption

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    status = Adoption.Status.INTERESTED
