"""Attacks with many requests: races (3) and the anonymous page cache (4)."""

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlparse

import redis
import yaml

from bench.attacks import http
from bench.attacks.registry import Checks, Finding, attack
from bench.attacks.servers import ROOT
from bench.attacks.target import STAFF, Target

JUNK_REQUESTS = 1_000
# Anonymous pages are limited per address (ANON_PAGE_RATE, 300/minute by
# default): the junk comes from ten addresses, as a botnet would send it.
JUNK_SOURCES = [f"127.0.0.{n}" for n in range(2, 12)]
# Bounded growth: a few entries for the canonical pages the junk maps to
# (before: two keys of ~41 KB per URL, 42 MB for 1,000 URLs).
MAX_NEW_KEYS = 50
MAX_NEW_BYTES = 2 * 1024 * 1024
VALID_SEARCHES = 100
VALID_SOURCE = "127.0.0.12"


def _together(calls: list) -> list:
    """Run the calls at the same moment (a barrier), each in its own thread."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def _count_titled(title: str) -> int:
    from projects.models import Project

    return Project.objects.filter(title=title).count()


def _form_posts(target: Target, title: str, *, same_form: bool) -> list[int]:
    """Three parallel submissions of the project form, each from its own connection."""
    browser = target.browser(STAFF)
    page = browser.get(f"{target.base}/projekte/neu/", timeout=60)
    tokens = http.form_tokens(page.text)

    def submit(tokens=tokens):
        client = http.session()
        client.cookies.update(browser.cookies)
        if not same_form:
            tokens = http.form_tokens(client.get(f"{target.base}/projekte/neu/", timeout=60).text)
        data = {**tokens, "title": title, "summary": "Doppelt abgeschickt", "phase": "idee"}
        return lambda: (
            client.post(
                f"{target.base}/projekte/neu/", data=data, allow_redirects=False, timeout=60
            ).status_code
        )

    return _together([submit() for _ in range(3)])


@attack(
    3,
    "Races: parallel project forms and POST /api/v1/projects/ with one title",
    "3 parallel forms: 302, 302, 500; 5 parallel API creates: 3 × 201, 2 × 500 "
    "(IntegrityError on the slug); a double click created two projects",
)
def races(target: Target) -> Finding:
    checks = Checks()
    title = f"Wettlauf {target.run}"
    statuses = _form_posts(target, title, same_form=False)
    checks.expect(
        statuses == [302] * 3 and _count_titled(title) == 3,
        f"3 forms: {', '.join(map(str, statuses))}, projects: {_count_titled(title)}",
    )
    title = f"Doppelklick {target.run}"
    statuses = _form_posts(target, title, same_form=True)
    checks.expect(
        statuses == [302] * 3 and _count_titled(title) == 1,
        f"one form sent 3 ×: {', '.join(map(str, statuses))}, projects: {_count_titled(title)}",
    )
    title = f"API-Wettlauf {target.run}"
    data = {"title": title, "summary": "x", "phase": "idee"}
    answers = _together(
        [
            lambda: target.api(STAFF).post(f"{target.base}/api/v1/projects/", json=data, timeout=60)
            for _ in range(5)
        ]
    )
    statuses = [answer.status_code for answer in answers]
    slugs = {answer.json().get("slug") for answer in answers if answer.status_code == 201}
    checks.expect(
        statuses == [201] * 5 and len(slugs) == 5,
        f"5 API creates: {', '.join(map(str, statuses))}, {len(slugs)} slugs",
    )
    return checks.finding()


def _cache_size(client: redis.Redis) -> tuple[int, int]:
    """Keys and bytes (MEMORY USAGE) of the cache database, rate-limit counters aside."""
    keys = [key for key in client.scan_iter(count=1000) if b"rate:anonymous" not in key]
    return len(keys), sum(client.memory_usage(key) or 0 for key in keys)


def _compose_cache_policy() -> str:
    """The production cache's bound in docker-compose.yml ('' if none); the
    broker must not evict."""
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    cache, broker = (
        " ".join(map(str, services.get(name, {}).get("command", []))) for name in ("cache", "redis")
    )
    limit = re.search(r"--maxmemory (\S+)", cache)
    if not limit or "allkeys-lru" not in cache or "noeviction" not in broker:
        return ""
    return f"maxmemory {limit.group(1)} allkeys-lru, broker noeviction"


def _junk(n: int) -> str:
    """Unknown parameters and junk values of known ones, each URL distinct."""
    kinds = [
        f"utm_source=spam{n}&x{n}={n}",
        f"page=seite{n}",
        f"page={100_000 + n}",
        f"sort=zufall{n}",
        f"phase=phase{n}",
        f"topic=kein-thema-{n}",
        f"reusable=jein{n}",
        f"cost_min=viel{n}",
        f"reusable=on&zz={n}",
        f"phase=idee&junk{n}=1",
    ]
    return "/projekte/?" + kinds[n % len(kinds)]


@attack(
    4,
    "Anonymous page cache: 1,000 distinct junk query strings on /projekte/",
    "Redis grew from 3 MB to 45 MB (two keys of ~41 KB per URL), with no maxmemory, in the "
    "same Redis as the Celery broker",
)
def page_cache(target: Target) -> Finding:
    checks = Checks()
    cache = redis.Redis.from_url(target.cache_url)
    broker_db = int(urlparse(target.broker_url).path.strip("/") or 0)
    cache_db = int(urlparse(target.cache_url).path.strip("/") or 0)
    checks.expect(cache_db != broker_db, f"cache in Redis db {cache_db}, broker in db {broker_db}")
    bounded = _compose_cache_policy()
    checks.expect(bool(bounded), f"docker-compose.yml: cache {bounded or 'without maxmemory'}")
    http.session(JUNK_SOURCES[0]).get(f"{target.base}/projekte/", timeout=60)
    keys_before, bytes_before = _cache_size(cache)
    clients = {source: http.session(source) for source in JUNK_SOURCES}

    def fetch(n: int) -> int:
        client = clients[JUNK_SOURCES[n % len(JUNK_SOURCES)]]
        return client.get(target.base + _junk(n), timeout=60).status_code

    with ThreadPoolExecutor(4) as pool:
        statuses = Counter(pool.map(fetch, range(JUNK_REQUESTS)))
    keys_after, bytes_after = _cache_size(cache)
    new_keys, new_bytes = keys_after - keys_before, bytes_after - bytes_before
    checks.expect(
        not any(status >= 500 for status in statuses),
        "answers " + ", ".join(f"{count} × {status}" for status, count in sorted(statuses.items())),
    )
    checks.expect(
        new_keys <= MAX_NEW_KEYS and new_bytes <= MAX_NEW_BYTES,
        f"cache {keys_before} → {keys_after} keys (+{new_keys}), "
        f"{bytes_before / 1024:.0f} → {bytes_after / 1024:.0f} KB",
    )
    # Not junk, and so not bounded by canonical keys: each distinct valid search
    # is a page of its own. What bounds these is the cache's maxmemory with
    # allkeys-lru (docker-compose.yml) and the rate limit per address.
    keys_before, bytes_before = _cache_size(cache)
    searches = http.session(VALID_SOURCE)
    for n in range(VALID_SEARCHES):
        searches.get(f"{target.base}/projekte/?q=wort{target.run}{n}", timeout=60)
    keys_after, bytes_after = _cache_size(cache)
    checks.note(
        f"(not junk: {VALID_SEARCHES} distinct valid searches added "
        f"{keys_after - keys_before} keys, {(bytes_after - bytes_before) / 1024:.0f} KB; "
        "bounded by the cache's maxmemory allkeys-lru)"
    )
    # One address past the limit gets the German 429 page (sent until it
    # comes: a window of the fixed-window count may end during the flood).
    flood = http.session("127.0.0.99")
    sent, limited = 0, None
    while sent < 2 * 300 + 20 and limited is None:
        answer = flood.get(f"{target.base}/projekte/", timeout=60)
        sent += 1
        if answer.status_code == 429:
            limited = answer
    german = limited is not None and "Zu viele Anfragen" in limited.text
    checks.expect(
        german,
        f"one address: 429 after {sent} requests (German page)"
        if german
        else f"one address: no German 429 in {sent} requests",
    )
    return checks.finding()
