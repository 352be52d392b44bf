"""The API through the WSGI reference server over a real socket.

wsgiref (and with it ``manage.py runserver``) refuses a header whose value is
not exactly ``str``; DRF's ``Hyperlink`` is a subclass, and a create that set
it as ``Location`` answered 500 there while the test client saw a 201.
"""

import http.client
import json
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import connection

from members.models import ApiToken
from projects.models import Project

pytestmark = pytest.mark.django_db(transaction=True)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def wsgiref_server():
    application = get_wsgi_application()

    def app(environ, start_response):
        try:
            return application(environ, start_response)
        finally:
            connection.close()  # the server thread's own connection

    server = make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_a_project_created_through_wsgiref_answers_201_with_a_location(
    wsgiref_server, speyer_staff
):
    _token, raw = ApiToken.issue(user=speyer_staff, days=1)
    host, port = wsgiref_server
    body = {"title": "Smarte Lichtmasten", "summary": "Sensoren", "phase": "idee"}
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(
            "POST",
            "/api/v1/projects/",
            body=json.dumps(body),
            headers={"Authorization": f"Bearer {raw}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        payload = json.loads(response.read())
    finally:
        conn.close()

    assert response.status == 201, payload
    project = Project.objects.get()
    location = response.getheader("Location")
    assert location == payload["url"]
    assert location.endswith(f"/api/v1/projects/{project.slug}/")
