"""Attacks on who sees what and how it is answered: draft titles (5),
headers (6), the strict API (8)."""

from bench.attacks import http
from bench.attacks.registry import Checks, Finding, attack
from bench.attacks.target import MINISTRY, STAFF, Target


@attack(
    5,
    "Draft titles through links: agenda item and grant linked to a draft",
    "the draft's title shown to the public (/termine/<slug>/, /api/v1/events/<slug>/) and "
    "to the ministry (grant API and CSV)",
)
def draft_titles(target: Target) -> Finding:
    from bench.attacks.target import put_on_agenda, record_grant

    checks = Checks()
    event = _public_event()
    secret = f"Geheimer Entwurf {target.run}"
    draft = target.new_project(title=secret)
    item = f"Vorstellung {target.run}"
    put_on_agenda(event_slug=event, project_slug=draft["slug"], title=item)
    grant = record_grant(project_slugs=[draft["slug"]], purpose=f"Entwurfsförderung {target.run}")
    reads = {
        "anonymous /termine/": http.session().get(f"{target.base}/termine/{event}/", timeout=60),
        "anonymous /api/v1/events/": http.session().get(
            f"{target.base}/api/v1/events/{event}/", timeout=60
        ),
    }
    ministry = target.api(MINISTRY)
    reads["ministry grant API"] = ministry.get(f"{target.base}/api/v1/grants/{grant}/", timeout=60)
    reads["ministry grants CSV"] = ministry.get(f"{target.base}/api/v1/grants/export/", timeout=60)
    for name, answer in reads.items():
        shows_item = item in answer.text or f"Entwurfsförderung {target.run}" in answer.text
        leaks = secret in answer.text or draft["slug"] in answer.text
        checks.expect(
            answer.status_code == 200 and shows_item and not leaks,
            f"{name}: {answer.status_code}, " + ("title shown" if leaks else "no draft title"),
        )
    return checks.finding()


def _public_event() -> str:
    """A published meeting of the demo, which everyone may see."""
    from events.models import Event

    event = Event.objects.filter(status=Event.Status.PUBLISHED).order_by("-starts_at").first()
    if event is None:
        raise RuntimeError("the demo has no published meeting")
    return event.slug


def _csp(answer) -> str:
    return answer.headers.get("Content-Security-Policy", "")


def _private(answer) -> bool:
    value = answer.headers.get("Cache-Control", "")
    return "private" in value and "no-store" in value


@attack(
    6,
    "Headers: Content-Security-Policy; Cache-Control on personal answers",
    "no Content-Security-Policy at all; /konto/, /foerderung/ and API answers to a token "
    "without Cache-Control: private, no-store",
)
def headers(target: Target) -> Finding:
    checks = Checks()
    anonymous = http.session()
    for path in ("/", "/projekte/", "/termine/", "/kommunen/"):
        policy = _csp(anonymous.get(f"{target.base}{path}", timeout=60))
        checks.expect(
            "default-src 'self'" in policy and "unsafe-inline" not in policy,
            f"CSP on {path}" if policy else f"no CSP on {path}",
        )
    browser = target.browser(STAFF)
    personal = {
        path: browser.get(f"{target.base}{path}", timeout=60)
        for path in ("/konto/", "/foerderung/")
    }
    ministry = target.api(MINISTRY)
    for path in ("/api/v1/grants/", "/api/v1/funding/reports/summary/", "/api/v1/projects/"):
        personal[f"token {path}"] = ministry.get(f"{target.base}{path}", timeout=60)
    missing = [name for name, answer in personal.items() if not _private(answer)]
    checks.expect(
        not missing and all(answer.status_code == 200 for answer in personal.values()),
        f"private, no-store on {len(personal) - len(missing)} of {len(personal)} personal "
        "answers" + (f" (missing: {', '.join(missing)})" if missing else ""),
    )
    return checks.finding()


UNKNOWN_API_PATHS = ("/api/v1/gibt-es-nicht/", "/api/gibt-es-nicht/", "/api/v2/projects/")


def _kind(answer) -> str:
    return answer.headers.get("Content-Type", "").split(";")[0]


def _json_404(answer) -> bool:
    return answer.status_code == 404 and answer.headers.get("Content-Type", "").startswith(
        "application/json"
    )


def _field_error(answer, name: str) -> bool:
    try:
        body = answer.json()
    except ValueError:
        return False
    return answer.status_code == 400 and isinstance(body, dict) and name in body


@attack(
    8,
    "Strict API: unknown URLs, wrong query types, POST under the development server",
    "unknown /api/ URL: HTML 404 with DEBUG on; page_size=viele and starts_before=gestern "
    "accepted; POST /api/v1/projects/ 500 under runserver (Location not a str)",
)
def strict_api(target: Target) -> Finding:
    checks = Checks()
    client = http.session()
    for name, base in (("gunicorn", target.base), ("runserver DEBUG", target.debug_base)):
        answers = [client.get(f"{base}{path}", timeout=60) for path in UNKNOWN_API_PATHS]
        html = [
            path for path, a in zip(UNKNOWN_API_PATHS, answers, strict=True) if not _json_404(a)
        ]
        checks.expect(
            not html,
            f"{len(answers) - len(html)} of {len(answers)} unknown /api/ URLs JSON 404 ({name})"
            + (f", not: {', '.join(html)}" if html else ""),
        )
    bare = client.get(f"{target.debug_base}/api", timeout=60)
    checks.note(f"(/api without its slash, DEBUG: {bare.status_code} {_kind(bare)})")
    for path, name in (
        ("/api/v1/projects/?page_size=viele", "page_size"),
        ("/api/v1/events/?starts_before=gestern", "starts_before"),
    ):
        answer = client.get(f"{target.base}{path}", timeout=60)
        checks.expect(
            _field_error(answer, name),
            f"{name}: {answer.status_code}"
            + (" with field error" if _field_error(answer, name) else ""),
        )
    title = f"Entwicklungsserver {target.run}"
    answer = target.api(STAFF).post(
        f"{target.debug_base}/api/v1/projects/",
        json={"title": title, "summary": "x", "phase": "idee"},
        timeout=60,
    )
    created = answer.status_code == 201 and bool(answer.headers.get("Location"))
    checks.expect(created, f"POST /api/v1/projects/ (runserver): {answer.status_code}")
    if not created and _count_titled(title):
        checks.note("the project was stored nonetheless: a client that retries makes two")
    return checks.finding()


def _count_titled(title: str) -> int:
    from projects.models import Project

    return Project.objects.filter(title=title).count()
