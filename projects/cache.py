"""What the projects app caches, under the one policy of ``core.cache``.

The catalogue lists published projects only, so its results (count, cards,
page links) are the same for everyone: they are cached per URL and language
under the *catalogue* topic, which every project service raises. Anonymous
visitors get whole pages from there (they carry no per-person content);
logged-in people get their own page around the cached results.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.safestring import SafeString, mark_safe

from core import cache
from members.cache import MUNICIPALITIES

# Topics (see core.cache): everything the catalogue shows (which projects
# match, in which order, how many); what similarity compares and a page's
# similar projects name (titles, summaries, lead cities, which projects are
# published, the thesaurus); each project's own
# fields, documents, topics and partners (``project_topic``), its reuse —
# adoptions, reports and what they saved (``reuse_topic``) — and its questions
# (``questions_topic``, each question with its answers under
# ``question_topic``), so that a question re-renders one question of its
# page, not the adoptions; the topics' (Themenfelder) names.
CATALOGUE = "catalogue"
CATALOGUE_TEXTS = "catalogue-texts"
TOPICS = "topics"
# What a list of projects shows: the projects and their cities' names.
SHOWN = (CATALOGUE, MUNICIPALITIES)
# Everyone may read published projects: one scope for all readers.
PUBLIC = "public"


def project_topic(project_id: int) -> str:
    return f"project:{project_id}"


def reuse_topic(project_id: int) -> str:
    return f"project:{project_id}:reuse"


def questions_topic(project_id: int) -> str:
    """Which questions a project's page lists, and their answers."""
    return f"project:{project_id}:questions"


def question_topic(question_id: int) -> str:
    return f"question:{question_id}"


def project_shown(project_id: int) -> tuple[str, ...]:
    """What a project's card and its key facts show: the project, its reuse
    (how many adopt it, the reports), the names of its topics and cities."""
    return (project_topic(project_id), reuse_topic(project_id), TOPICS, MUNICIPALITIES)


def page_part_topics(project_id: int) -> dict[str, str]:
    """The topics of each cached part of a project's page, as the template's
    ``{% cached … depends=… %}`` takes them (space-separated)."""
    own, reuse = project_topic(project_id), reuse_topic(project_id)
    return {
        "facts": f"{own} {TOPICS} {MUNICIPALITIES}",
        "main": own,
        "adoptions": f"{reuse} {MUNICIPALITIES}",
        # The avoided figures follow the project's costs and state (a trigger
        # rewrites them): a change of those is a change of its reuse
        # (``REPORTED_FIELDS`` in ``catalogue_changed``), not of every edit's.
        "reports": f"{reuse} {MUNICIPALITIES}",
        "savings": f"{reuse} {MUNICIPALITIES}",
        "questions": f"{questions_topic(project_id)} {MUNICIPALITIES}",
        # Other projects' titles and lead cities, and which are published.
        "similar": f"{CATALOGUE_TEXTS} {MUNICIPALITIES}",
    }


# A project's fields that similarity compares and that lists of similar
# projects name: the texts, what is published, the lead city (CATALOGUE_TEXTS).
TEXT_FIELDS = frozenset({"title", "summary", "state", "lead_municipality"})
# The project's fields its experience reports copy or subtract from (the
# avoided figures, kept by a trigger, migration 0021): a change of one of
# them changes the reports and savings its page shows (its reuse topic).
REPORTED_FIELDS = frozenset({"state", "lead_municipality", "investment_cost", "effort_person_days"})


def catalogue_changed(
    *,
    texts: bool = False,
    project_id: int | None = None,
    topics: bool = False,
    fields: Iterable[str] = (),
) -> None:
    """Called by every service that changes what catalogue or project pages show:
    with the project whose own fields it changed (its card and page) and the
    names of those ``fields``; ``texts`` if titles, summaries, what is
    published or the thesaurus changed (also said by ``TEXT_FIELDS`` among
    ``fields``), ``topics`` if a topic's name did. One of the project's
    ``REPORTED_FIELDS`` changes its reuse as well."""
    changed = set(fields)
    texts = texts or bool(TEXT_FIELDS & changed)
    reported = bool(REPORTED_FIELDS & changed)
    cache.changed(
        CATALOGUE,
        *([CATALOGUE_TEXTS] if texts else []),
        *([project_topic(project_id)] if project_id is not None else []),
        *([reuse_topic(project_id)] if reported and project_id is not None else []),
        *([TOPICS] if topics else []),
    )


def reuse_changed(project_id: int) -> None:
    """Called by every service that writes a project's adoptions or reports:
    the catalogue counts and sorts by them, the project's card, key facts,
    adoptions, reports and savings show them."""
    cache.changed(CATALOGUE, reuse_topic(project_id))


def questions_changed(project_id: int, question_id: int | None = None) -> None:
    """Called by every service that writes a project's questions or answers:
    with the question whose text or answers changed (a new one changes only
    the list). Nothing in the catalogue shows them."""
    cache.changed(
        questions_topic(project_id), *([question_topic(question_id)] if question_id else [])
    )


T = TypeVar("T")


def _results_entry(query: QueryDict) -> cache.Entry:
    return "catalogue-results", SHOWN, PUBLIC, (query.urlencode(),)


def _form_entry(query: QueryDict) -> cache.Entry:
    # The form shows no page number: every page of a search shares it.
    shown = query.copy()
    shown.pop("page", None)
    return "catalogue-form-filters", (TOPICS, MUNICIPALITIES), PUBLIC, (shown.urlencode(),)


def cached_results(query: QueryDict, render: Callable[[], tuple[str, bool]]) -> SafeString:
    """The catalogue's rendered results for a canonical query, alike for anyone.

    ``render()`` returns the HTML and whether it may be stored: results for
    invalid filters or a page past the end are shown but never stored, so junk
    in a URL makes no entry."""
    entry_key, html = results_lookup(query)
    if html is None:
        html, storable = render()
        if storable:
            cache.store(entry_key, html)
    return mark_safe(html)  # noqa: S308 - our own rendering, stored as rendered


def results_lookup(query: QueryDict) -> tuple[str, SafeString | None]:
    """The key of the catalogue's results for a canonical query, and the
    results if they are cached (``cache.store`` them under the key: only
    storable ones, see ``cached_results``)."""
    name, depends_on, scope, vary = _results_entry(query)
    entry_key, html = cache.lookup(name, depends_on=depends_on, scope=scope, vary=vary)
    return entry_key, None if html is None else mark_safe(html)  # noqa: S308 - as rendered


def _is_cacheable(request: HttpRequest) -> bool:
    # No per-person content: anonymous, nothing to show from the messages
    # framework, and the page carries no CSRF token (see ikone.urls).
    return (
        request.method == "GET"
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
    )


def cached_page(
    request: HttpRequest, query: QueryDict, render: Callable[[], tuple[HttpResponse, bool]]
) -> HttpResponse:
    """The whole page for anonymous visitors, by its canonical query (so junk
    parameters share one entry); ``render()`` otherwise or on a miss. It returns
    the response and whether it may be stored (see ``cached_results``)."""
    if not _is_cacheable(request):
        return render()[0]
    key, content = cache.lookup(
        "catalogue-page", depends_on=SHOWN, scope=PUBLIC, vary=(query.urlencode(),)
    )
    if content is None:
        response, storable = render()
        if storable and response.status_code == 200:
            cache.store(key, response.content)
        return response
    return HttpResponse(content)


def cached_form(
    query: QueryDict, render: Callable[[], tuple[str, T, bool]]
) -> tuple[SafeString, T, bool]:
    """The catalogue's search and filter form for a canonical query, the
    filters it gives and whether they are all valid; alike for anyone, under
    the topics and cities it shows and looks the filters up in. ``render()``
    validates and renders it on a miss; one with errors is never stored (junk
    in a URL makes no entry)."""
    name, depends_on, scope, vary = _form_entry(query)
    entry_key, found = cache.lookup(name, depends_on=depends_on, scope=scope, vary=vary)
    if found is None:
        html, filters, valid = render()
        if valid:
            cache.store(entry_key, (html, filters))
    else:
        (html, filters), valid = found, True
    return mark_safe(html), filters, valid  # noqa: S308 - rendered by the template engine


def prefetch_catalogue_page(query: QueryDict, *, follower_id: int | None) -> None:
    """Read ahead what a catalogue page rendered for a person reads from the
    cache — its form, its results and (with a topic chosen) what the person
    follows, for the follow button — in two round trips, not six. An entry
    the page does not ask for after all (a form with errors) is simply unused."""
    entries = [_form_entry(query), _results_entry(query)]
    if follower_id is not None and "topic" in query:
        entries.append(_followed_entry(follower_id))
    cache.prefetch(entries)


# Follows: the follow button is on pages whose query count is pinned (a
# project's page, a municipality's, the catalogue of a topic): what a person
# follows is read once and cached under the person's own topic
# ``follows:<id>``, which the follow services raise on every change. Scope:
# the person (nobody else reads it).


def person_topic(user_id: int) -> str:
    return f"follows:{user_id}"


def follows_changed(user_id: int) -> None:
    """Called by every service that writes a person's follows."""
    cache.changed(person_topic(user_id))


def followed(user_id: int, compute) -> dict[str, tuple[int, str]]:
    """{"projekt:12": (follow id, delivery), …} of one person."""
    name, depends_on, scope, vary = _followed_entry(user_id)
    return cache.get_or_compute(name, compute, depends_on=depends_on, scope=scope, vary=vary)


def _followed_entry(user_id: int) -> cache.Entry:
    return "followed", (person_topic(user_id),), f"person-{user_id}", (user_id,)


# A project's page: each part cached under the topics of what it shows
# (``page_part_topics``), read ahead in one round trip instead of one per part.
# Names, topics, scopes and values as the template's ``{% cached %}`` tags
# give them (templates/projects/project_detail.html and its partials); a part
# not listed here, or listed differently, is still read, only on its own.


def similar_ids(project, compute: Callable[[], list[int]]) -> list[int]:
    """Which published projects are like ``project`` (``compute()``), cached
    for a while (``core.cache.TIMEOUT``): a project's neighbours change slowly
    and the search reads many rows. Under the project's last change of its
    own fields (title and summary decide the neighbours): not under the
    catalogue's topic, which every write raises, nor the project's, which a
    question, a report or an adoption raises."""
    vary = similar_vary(project)
    return cache.get_or_compute("similar", compute, depends_on=(), scope=PUBLIC, vary=vary)


def similar_vary(project) -> tuple[int, str]:
    """What the similar projects of ``project`` vary with: the project and its
    last change of its own fields (the list on its page the same,
    ``page_part_topics``)."""
    return (project.pk, f"{project.updated_at.timestamp():.0f}")


def prefetch_project_page(
    project,
    *,
    reader_scope: str,
    report_scope: str | None,
    questions: bool,
    adoption_form_scope: str | None,
    follower_id: int | None,
) -> None:
    project_id = project.pk
    topics = {part: depends.split() for part, depends in page_part_topics(project_id).items()}
    parts = [
        ("project-facts", topics["facts"], PUBLIC),
        ("project-main", topics["main"], PUBLIC),
        ("project-adoptions", topics["adoptions"], reader_scope),
        ("project-savings", topics["savings"], PUBLIC),
    ]
    if report_scope is not None:
        parts.append(("project-reports", topics["reports"], report_scope))
    if questions:
        parts.append(("project-questions", topics["questions"], "members"))
    entries = [(name, depends, scope, (project_id,)) for name, depends, scope in parts]
    similar = similar_vary(project)
    entries.append(("project-similar", topics["similar"], PUBLIC, similar))
    entries.append(("similar", (), PUBLIC, similar))
    if adoption_form_scope is not None:
        entries.append(("project-adoption-form", (MUNICIPALITIES,), adoption_form_scope, ()))
    if follower_id is not None:
        entries.append(_followed_entry(follower_id))
    cache.prefetch(entries)
