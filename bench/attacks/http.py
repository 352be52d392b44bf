"""A hostile client over real HTTP: sessions with CSRF and one-time form
tokens read from the pages, bearer tokens, and a chosen source address
(127.0.0.x) so that many clients can be simulated from one machine."""

import re
import time
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter

TIMEOUT = 60
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_SUBMISSION = re.compile(r'name="submission" value="([^"]*)"')


class _SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str) -> None:
        self._source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self._source, 0)
        super().init_poolmanager(*args, **kwargs)


def session(source: str = "") -> requests.Session:
    """A cookie-keeping client; with ``source``, its requests come from that address."""
    client = requests.Session()
    if source:
        client.mount("http://", _SourceAddressAdapter(source))
    return client


def form_tokens(html: str) -> dict[str, str]:
    """The CSRF token and the one-time submission token of a page's form."""
    tokens = {}
    if match := _CSRF.search(html):
        tokens["csrfmiddlewaretoken"] = match.group(1)
    if match := _SUBMISSION.search(html):
        tokens["submission"] = match.group(1)
    return tokens


def login(base: str, email: str, password: str, source: str = "") -> requests.Session:
    """A browser session logged in through the login page."""
    client = session(source)
    page = client.get(f"{base}/konto/anmelden/", timeout=TIMEOUT)
    answer = client.post(
        f"{base}/konto/anmelden/",
        data={**form_tokens(page.text), "username": email, "password": password},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    if answer.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login of {email} failed: {answer.status_code}")
    return client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Timed:
    response: requests.Response
    seconds: float


def timed(method: str, url: str, client: requests.Session | None = None, **kwargs) -> Timed:
    """A request and its wall-clock time (a read that hangs is a finding, not a crash)."""
    kwargs.setdefault("timeout", TIMEOUT)
    start = time.perf_counter()
    response = (client or requests).request(method, url, **kwargs)
    return Timed(response, time.perf_counter() - start)
