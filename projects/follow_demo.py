"""Demo follows (loaded at the end of ``projects.demo``): each demo account
follows something, so that ``make run``'s console shows the mails a demo
action triggers (publish a project in "Mobilität" as the coordination: Landau
is told at once; declare reuse as Landau: the ministry, which follows the
project, and Speyer are told). Keyed on the accounts and slugs: a second run
changes nothing."""

from members.models import Municipality, User
from projects.models import Delivery, Project, Topic
from projects.services import follows as services

# account, kind, slug, delivery
FOLLOWS = [
    ("landau@demo.ikone-rlp.de", "topic", "mobilitaet", Delivery.IMMEDIATE),
    ("landau@demo.ikone-rlp.de", "municipality", "speyer", Delivery.WEEKLY),
    ("speyer@demo.ikone-rlp.de", "topic", "bildung-kita", Delivery.IMMEDIATE),
    ("ministerium@demo.ikone-rlp.de", "project", "digitale-doerfer", Delivery.IMMEDIATE),
    ("ministerium@demo.ikone-rlp.de", "topic", "verwaltungsorganisation", Delivery.WEEKLY),
    ("koordination@demo.ikone-rlp.de", "municipality", "landau", Delivery.WEEKLY),
]
NETWORK_DIGEST = ["ministerium@demo.ikone-rlp.de", "koordination@demo.ikone-rlp.de"]
_MODELS = {"topic": Topic, "municipality": Municipality, "project": Project}


def load(command) -> None:
    people = {
        user.email: user for user in User.objects.filter(email__endswith="@demo.ikone-rlp.de")
    }
    for email, kind, slug, delivery in FOLLOWS:
        person = people.get(email)
        target = _MODELS[kind].objects.filter(slug=slug).first()
        if person is None or target is None:
            continue
        services.follow_set(actor=person, delivery=delivery, **{kind: target})
    for email in NETWORK_DIGEST:
        if email in people:
            services.network_digest_set(actor=people[email], enabled=True)
