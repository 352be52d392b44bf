"""What the attacks are run against: the two servers, the demo accounts (a
city's staff of Speyer and of Landau, the coordination, the ministry) with a
fresh API token each, and a run id that every title of this run carries.

The attacker works over HTTP only. What only the coordination does in the
admin (record a grant, put a project on a meeting's agenda) is done here
through the services, as the admin would; what an attack counts afterwards
(projects of one title) is read from the database."""

import secrets
from dataclasses import dataclass, field

import requests

from bench.attacks import http

STAFF = "speyer@demo.ikone-rlp.de"
OTHER_STAFF = "landau@demo.ikone-rlp.de"
COORDINATOR = "koordination@demo.ikone-rlp.de"
MINISTRY = "ministerium@demo.ikone-rlp.de"


@dataclass
class Target:
    base: str  # gunicorn, production settings
    debug_base: str  # manage.py runserver, DEBUG on
    password: str
    tokens: dict[str, str]  # e-mail → raw API token
    cache_url: str
    broker_url: str
    run: str = field(default_factory=lambda: secrets.token_hex(3))

    def api(self, email: str) -> requests.Session:
        """A machine client of the API with the bearer token of ``email``."""
        client = requests.Session()
        client.headers.update(http.bearer(self.tokens[email]))
        return client

    def browser(self, email: str, source: str = "") -> requests.Session:
        return http.login(self.base, email, self.password, source)

    def new_project(self, email: str = STAFF, **fields) -> dict:
        """A project created through the API (a draft of the account's city)."""
        data = {"title": f"Angriff {self.run}", "summary": "Kurzbeschreibung", "phase": "idee"}
        data.update(fields)
        response = self.api(email).post(
            f"{self.base}/api/v1/projects/", json=data, timeout=http.TIMEOUT
        )
        if response.status_code != 201:
            raise RuntimeError(f"create failed: {response.status_code} {response.text[:300]}")
        return response.json()

    def publish(self, slug: str) -> None:
        """Submitted by its city, published by the coordination (both through the API)."""
        for email, step in ((STAFF, "submit"), (COORDINATOR, "publish")):
            response = self.api(email).post(
                f"{self.base}/api/v1/projects/{slug}/{step}/", timeout=http.TIMEOUT
            )
            if response.status_code != 200:
                raise RuntimeError(f"{step} failed: {response.status_code} {response.text[:300]}")


def issue_tokens(emails: list[str]) -> dict[str, str]:
    """A fresh API token for each account (in process; Django is set up)."""
    from members.models import ApiToken, User

    tokens = {}
    for email in emails:
        _token, raw = ApiToken.issue(
            user=User.objects.get(email=email), days=1, name="make attacks"
        )
        tokens[email] = raw
    return tokens


def record_grant(*, project_slugs: list[str], purpose: str, **fields) -> int:
    """A grant for Speyer linked to projects, recorded by the coordination."""
    from decimal import Decimal

    from funding import services
    from funding.models import FundingProgram
    from members.models import Municipality, User
    from projects.models import Project

    grant = services.grant_create(
        program=FundingProgram.objects.order_by("pk").first(),
        municipality=Municipality.objects.get(slug="speyer"),
        purpose=purpose,
        approved_amount=Decimal("1000.00"),
        actor=User.objects.get(email=COORDINATOR),
        projects=list(Project.objects.filter(slug__in=project_slugs)),
        **fields,
    )
    return grant.pk


def put_on_agenda(*, event_slug: str, project_slug: str, title: str) -> None:
    """An agenda item presenting a project, added by the coordination."""
    from events import services
    from events.models import AgendaItem, Event
    from members.models import User
    from projects.models import Project

    services.agenda_item_save(
        item=AgendaItem(
            event=Event.objects.get(slug=event_slug),
            title=title,
            project=Project.objects.get(slug=project_slug),
            order=99,
        ),
        actor=User.objects.get(email=COORDINATOR),
    )
