"""The benchmark cases of issue 6, each with its target at --scale 1."""

import itertools

from django.conf import settings
from django.test import Client

from bench import opendata
from bench.cases.mail_runs import digest_dispatch, reminder_dispatch
from bench.harness import Result, Target, measure_request
from bench.worst_markdown import markdown_case
from core import cache
from events.cache import event_topic
from events.models import Event
from funding.cache import FUNDING
from members import roles
from members.models import ApiToken, User
from projects.cache import CATALOGUE, catalogue_changed, questions_changed, reuse_changed
from projects.models import Project

BENCH_PROJECT = "synth-benchmark-projekt"
BENCH_EVENT = "synth-benchmark-termin"


class AfterChange:
    """A client each of whose requests is the first after a write: the version
    its cached pages or reports live under is raised before it (one Redis INCR),
    so nothing cached is used. The harness raises it untimed (``before_each``):
    the write is the writer's cost, the page is timed as the reader sees it."""

    def __init__(self, client: Client, raise_version) -> None:
        self.client, self.raise_version = client, raise_version

    def before_each(self) -> None:
        self.raise_version()

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)


def _user(role: str) -> User:
    return User.objects.filter(groups__name=role, is_active=True).order_by("pk").first()


def _client(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def run_all(repeat: int, only: str = "") -> list[Result]:
    staff = _user(roles.MUNICIPAL_STAFF)
    ministry = _user(roles.MINISTRY)
    anonymous, staff_client = _client(None), _client(staff)
    coordinator_client = _client(_user(roles.COORDINATION))
    ministry_client = _client(ministry)
    _token, raw_token = ApiToken.issue(user=ministry, days=1, name="bench")
    bearer = {"Authorization": f"Bearer {raw_token}"}
    topic = Project.objects.filter(slug=BENCH_PROJECT).values_list("topics__slug", flat=True)[0]
    search = f"/projekte/?q=Lichtmasten&topic={topic}&reusable=on"
    new_title = "Intelligente+Lichtmasten+f%C3%BCr+Innenst%C3%A4dte"

    # key: (name, client, path, target, headers, raw-SQL reference client).
    # Catalogue results come from the cache (whole pages for anonymous
    # visitors); their raw-SQL reference is the SQL of rendering the page after
    # a catalogue change, when nothing is cached ("cold").
    cold = AfterChange(staff_client, lambda: cache.changed(CATALOGUE))
    cold_anonymous = AfterChange(anonymous, lambda: cache.changed(FUNDING))
    event_id = Event.objects.get(slug=BENCH_EVENT).pk
    cold_event = AfterChange(staff_client, lambda: cache.changed(event_topic(event_id)))
    cold_reuse = AfterChange(ministry_client, lambda: cache.changed(CATALOGUE))
    cold_home = AfterChange(anonymous, lambda: cache.changed(CATALOGUE))
    # A change to the project itself, each kind in turn, announced as its
    # service announces it: an edit of its text, an adoption or a report, a
    # new question, an answer to its newest question. The p95 is the slowest kind's.
    bench_project = Project.objects.get(slug=BENCH_PROJECT)
    cold_project = AfterChange(staff_client, _project_changes(bench_project))
    requests = {
        "search": ("catalogue: full-text search + 2 filters, page 1", anonymous, search,
                   Target(p95_ms=50, ratio=2, queries=10), {}, cold),
        "search-member": ("  same, logged in (own page, results from the cache)", staff_client,
                          search, Target(p95_ms=50, ratio=2, queries=10), {}, cold),
        "search-cold": ("  same, logged in, first view after a catalogue change", cold, search,
                        Target(p95_ms=50, ratio=2, queries=10), {}, None),
        # Issue 15: the first click on a facet of the whole catalogue.
        "broad-cold": ("catalogue: one broad filter (reusable), logged in, after a change",
                       cold, "/projekte/?reusable=on", Target(p95_ms=50), {}, None),
        "broad-two-cold": ("  two broad filters (reusable, a phase), logged in, after a change",
                           cold, "/projekte/?reusable=on&phase=betrieb", Target(p95_ms=50),
                           {}, None),
        # Words that a quarter of the catalogue holds: every match is found,
        # ranked and counted, a cost that grows with the catalogue (docs/search.md).
        "common-words-cold": ("  a search of common words (a quarter of the catalogue), after a "
                              "change", cold, "/projekte/?q=Digitale+B%C3%BCrgerbeteiligung",
                              Target(ratio=2), {}, None),
        "reused": ("catalogue: no search, most reused first", anonymous,
                   "/projekte/?sort=reused", Target(p95_ms=50), {}, cold),
        "reused-member": ("  same, logged in (own page, results from the cache)", staff_client,
                          "/projekte/?sort=reused", Target(p95_ms=50), {}, cold),
        "reused-cold": ("  same, logged in, first view after a catalogue change", cold,
                        "/projekte/?sort=reused", Target(p95_ms=50), {}, None),
        "detail": ("project detail (10 partners, 50 adoptions, 5 documents, 50 questions, "
                   "20 reports)", staff_client,
                   f"/projekte/{BENCH_PROJECT}/", Target(p95_ms=40), {}, cold),
        "detail-cold": ("  same, first view after a catalogue change", cold,
                        f"/projekte/{BENCH_PROJECT}/", Target(p95_ms=40), {}, None),
        "detail-changed": ("  same, first view after a change to this project (4 kinds)",
                           cold_project,
                           f"/projekte/{BENCH_PROJECT}/", Target(p95_ms=40), {}, None),
        "similar": ("similar-projects lookup for a new title", staff_client,
                    f"/projekte/aehnliche/?title={new_title}", Target(p95_ms=50, queries=3),
                    {}, None),
        "api": ("API /api/v1/projects/?page_size=100", anonymous,
                "/api/v1/projects/?page_size=100", Target(p95_ms=80), {}, None),
        "summary": ("funding summary group_by=municipality (all grants)", anonymous,
                    "/api/v1/funding/reports/summary/?group_by=municipality",
                    Target(p95_ms=150, ratio=1.5, queries=3), bearer, cold_anonymous),
        "summary-cold": ("  same, first report after a change to the figures", cold_anonymous,
                         "/api/v1/funding/reports/summary/?group_by=municipality",
                         Target(p95_ms=150, ratio=1.5, queries=3), bearer, None),
        # Issue 13: what reuse saved, for the ministry and on the start page.
        "reuse-summary": ("reuse summary group_by=municipality", ministry_client,
                          "/api/v1/reuse/summary/?group_by=municipality",
                          Target(p95_ms=150, ratio=1.5), bearer, cold_reuse),
        "reuse-summary-cold": ("  same, first report after a change", cold_reuse,
                               "/api/v1/reuse/summary/?group_by=municipality",
                               Target(p95_ms=150, ratio=1.5), bearer, None),
        "home": ("start page with the savings figure", anonymous, "/", Target(p95_ms=40), {},
                 cold_home),
        "home-cold": ("  same, first view after a catalogue change", cold_home, "/",
                      Target(p95_ms=40), {}, None),
        "event": ("event page with 1,000 registrations", staff_client,
                  f"/termine/{BENCH_EVENT}/", Target(p95_ms=40), {}, cold_event),
        "event-cold": ("  same, first view after a registration", cold_event,
                       f"/termine/{BENCH_EVENT}/", Target(p95_ms=40), {}, None),
        # Pages without a target in the issue, measured so that none of them
        # lists every municipality or meeting again.
        "project-form": ("project form, coordinator (cities typed, not listed)",
                         coordinator_client, "/projekte/neu/", Target(), {}, None),
        "events": ("meetings list, coordinator (5,000 meetings, paged)", coordinator_client,
                   "/termine/", Target(), {}, None),
        "funding": ("funding overview, ministry (charts, first page of grants)", ministry_client,
                    "/foerderung/", Target(), {}, None),
    }  # fmt: skip

    def request_case(key: str) -> Result:
        name, client, path, target, headers, reference = requests[key]
        return measure_request(
            name, client, path, target=target, repeat=repeat, compare_raw_sql=True,
            headers=headers, raw_sql_client=reference,
        )  # fmt: skip

    cases = {key: (lambda key=key: request_case(key)) for key in requests}
    cases["export"] = lambda: streamed_export(anonymous, bearer)
    cases["reminders"] = reminder_dispatch
    cases["digest"] = digest_dispatch
    cases["markdown"] = lambda: markdown_case(repeat)
    cases |= opendata.cases(anonymous, repeat, BENCH_PROJECT)
    order = ["search", "search-member", "search-cold", "broad-cold", "broad-two-cold",
             "common-words-cold", "reused", "reused-member",
             "reused-cold",
             "detail", "detail-cold", "detail-changed", "similar", "api", "summary",
             "summary-cold", "export",
             "reuse-summary", "reuse-summary-cold", "home", "home-cold",
             "event", "event-cold", "reminders", "digest", "project-form", "events",
             "funding", "markdown", "opendata-csv", "opendata-dcat", "publiccode"]  # fmt: skip
    wanted = [key for key in order if not only or key in only.split(",")]
    results = []
    for key in wanted:
        result = cases[key]()
        print(
            f"  {key}: p50 {result.p50_ms} ms, p95 {result.p95_ms} ms, "
            f"{result.queries} queries {'; '.join(result.misses)}",
            flush=True,
        )
        results.append(result)
    return results


def _project_changes(project: Project):
    newest_question = project.questions.order_by("-created_at", "-pk").first()
    changes = itertools.cycle([
        lambda: catalogue_changed(texts=True, project_id=project.pk),
        lambda: reuse_changed(project.pk),
        lambda: questions_changed(project.pk),
        lambda: questions_changed(project.pk, newest_question.pk),
    ])  # fmt: skip
    return lambda: next(changes)()


def streamed_export(client: Client, headers: dict) -> Result:
    """The full grants CSV: total time (≤ 5 s), and memory growth while streaming it."""
    return opendata.streamed_download(
        client,
        "/api/v1/grants/export/",
        "streamed CSV export of all grants",
        headers=headers,
        total_s=5,
    )


def member_search() -> tuple[str, str]:
    """The logged-in catalogue search of the table, and a session cookie for it
    (a member of staff's, as in "same, logged in")."""
    client = _client(_user(roles.MUNICIPAL_STAFF))
    topic = Project.objects.filter(slug=BENCH_PROJECT).values_list("topics__slug", flat=True)[0]
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return (
        f"/projekte/?q=Lichtmasten&topic={topic}&reusable=on",
        f"{settings.SESSION_COOKIE_NAME}={cookie.value}",
    )
