import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from members import roles
from members.models import Municipality, User

PASSWORD = "correct-horse-battery-staple"


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Musterstadt {n}")
    official_name = factory.LazyAttribute(lambda o: f"Stadt {o.name}")
    slug = factory.Sequence(lambda n: f"musterstadt-{n}")
    kind = Municipality.Kind.INDEPENDENT_CITY
    ags = factory.Sequence(lambda n: f"07{n:06d}")
    district = ""
    joined_on = factory.Faker("date_between", start_date="-5y", end_date="-1d")


def _role(default: str | None) -> factory.PostGeneration:
    """Post-generation hook: ``UserFactory(role="Koordination")`` adds the group."""

    def add(user, create, extracted, **kwargs):
        name = extracted or default
        if create and name:
            user.groups.add(Group.objects.get(name=name))

    return factory.PostGeneration(add)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.django.Password(PASSWORD)

    role = _role(None)


class StaffFactory(UserFactory):
    municipality = factory.SubFactory(MunicipalityFactory)
    role = _role(roles.MUNICIPAL_STAFF)


class CoordinatorFactory(UserFactory):
    is_staff = True
    role = _role(roles.COORDINATION)


class MinistryUserFactory(UserFactory):
    role = _role(roles.MINISTRY)
