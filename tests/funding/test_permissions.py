"""The permission matrix of docs/architecture.md on pages, API and downloads.

Actors: staff of the grant's city (Speyer), staff of another city (Landau),
a coordinator, the ministry and anonymous. Not visible → 404, visible but not
changeable → 403, anonymous → login (pages) or 401 (API).
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from funding import services
from funding.models import ReportingObligation
from members.models import ApiToken
from tests.members.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ACTORS = ["speyer_staff", "landau_staff", "coordinator", "ministry", None]


@pytest.fixture
def actor(request):
    def resolve(name):
        return request.getfixturevalue(name) if name else None

    return resolve


@pytest.fixture
def submitted_obligation(speyer_grant, coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    obligation = services.obligation_create(
        grant=speyer_grant, kind="zwischennachweis", due_date="2020-01-31", actor=coordinator
    )
    return services.obligation_submit(
        obligation=obligation,
        actor=coordinator,
        document=SimpleUploadedFile("zwischenbericht.pdf", PDF, content_type="application/pdf"),
    )


def _login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("members:login") in response["Location"]


@pytest.mark.django_db
class TestPages:
    @pytest.mark.parametrize(
        ("name", "sees_speyer", "sees_landau"),
        [
            ("speyer_staff", True, False),
            ("landau_staff", False, True),
            ("coordinator", True, True),
            ("ministry", True, True),
        ],
    )
    def test_grant_list(
        self, actor, actor_client, speyer_grant, landau_grant, name, sees_speyer, sees_landau
    ):
        response = actor_client(actor(name)).get(reverse("funding:grant-list"))
        assert response.status_code == 200
        page = response.content.decode()
        assert (speyer_grant.get_absolute_url() in page) is sees_speyer
        assert (landau_grant.get_absolute_url() in page) is sees_landau

    def test_grant_list_needs_login(self, actor_client):
        assert _login_redirect(actor_client(None).get(reverse("funding:grant-list")))

    def test_grant_list_refuses_account_without_role(self, actor_client, speyer_grant):
        response = actor_client(UserFactory()).get(reverse("funding:grant-list"))
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("name", "status"),
        [("speyer_staff", 200), ("landau_staff", 404), ("coordinator", 200), ("ministry", 200)],
    )
    def test_grant_detail(self, actor, actor_client, speyer_grant, name, status):
        response = actor_client(actor(name)).get(speyer_grant.get_absolute_url())
        assert response.status_code == status

    def test_grant_detail_needs_login(self, actor_client, speyer_grant):
        assert _login_redirect(actor_client(None).get(speyer_grant.get_absolute_url()))

    @pytest.mark.parametrize(
        ("name", "status"),
        [("speyer_staff", 200), ("landau_staff", 404), ("coordinator", 200), ("ministry", 403)],
    )
    def test_submit_form(self, actor, actor_client, speyer_obligation, name, status):
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        assert actor_client(actor(name)).get(url).status_code == status

    @pytest.mark.parametrize(
        ("name", "status", "submitted"),
        [
            ("speyer_staff", 302, True),
            ("landau_staff", 404, False),
            ("coordinator", 302, True),
            ("ministry", 403, False),
            (None, 302, False),
        ],
    )
    def test_submit_post(
        self, actor, actor_client, speyer_obligation, settings, tmp_path, name, status, submitted
    ):
        settings.MEDIA_ROOT = tmp_path
        url = reverse("funding:obligation-submit", args=[speyer_obligation.pk])
        upload = SimpleUploadedFile("nachweis.pdf", PDF, content_type="application/pdf")
        response = actor_client(actor(name)).post(url, {"document": upload})
        assert response.status_code == status
        speyer_obligation.refresh_from_db()
        assert speyer_obligation.is_submitted is submitted

    @pytest.mark.parametrize(
        ("name", "status"),
        [("speyer_staff", 200), ("landau_staff", 404), ("coordinator", 200), ("ministry", 200)],
    )
    def test_document_download(self, actor, actor_client, submitted_obligation, name, status):
        response = actor_client(actor(name)).get(submitted_obligation.get_document_url())
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Type"] == "application/pdf"
            assert 'attachment; filename="zwischenbericht.pdf"' in response["Content-Disposition"]
            assert "no-store" in response["Cache-Control"]

    def test_document_download_needs_login(self, actor_client, submitted_obligation):
        assert _login_redirect(actor_client(None).get(submitted_obligation.get_document_url()))

    def test_obligation_without_document_has_no_download(
        self, actor_client, coordinator, speyer_obligation
    ):
        url = reverse("funding:obligation-document", args=[speyer_obligation.pk])
        assert actor_client(coordinator).get(url).status_code == 404


@pytest.mark.django_db
class TestApi:
    def test_anonymous_gets_401_everywhere(self, actor_client, speyer_grant):
        client = actor_client(None)
        for url in (
            "/api/v1/funding-programs/",
            "/api/v1/grants/",
            f"/api/v1/grants/{speyer_grant.pk}/",
            "/api/v1/grants/export/",
            "/api/v1/funding/reports/summary/",
            "/api/v1/funding/reports/summary/?format=csv",
            "/api/v1/funding/reports/summary/?format=xlsx",
        ):
            response = client.get(url)
            assert response.status_code == 401, url
            assert response["WWW-Authenticate"] == "Bearer"

    @pytest.mark.parametrize("name", ["speyer_staff", "landau_staff", "coordinator", "ministry"])
    def test_programmes_readable_by_every_role(self, actor, actor_client, program, name):
        response = actor_client(actor(name)).get("/api/v1/funding-programs/")
        assert response.status_code == 200
        assert [row["slug"] for row in response.json()["results"]] == ["ikone-ds"]

    def test_account_without_role_gets_403(self, actor_client, speyer_grant):
        response = actor_client(UserFactory()).get("/api/v1/grants/")
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("speyer_staff", {"speyer"}),
            ("landau_staff", {"landau"}),
            ("coordinator", {"speyer", "landau"}),
            ("ministry", {"speyer", "landau"}),
        ],
    )
    def test_grant_list_rows(self, actor, actor_client, speyer_grant, landau_grant, name, expected):
        response = actor_client(actor(name)).get("/api/v1/grants/")
        assert response.status_code == 200
        assert {row["municipality"]["slug"] for row in response.json()["results"]} == expected

    @pytest.mark.parametrize(
        ("name", "status"),
        [("speyer_staff", 200), ("landau_staff", 404), ("coordinator", 200), ("ministry", 200)],
    )
    def test_grant_detail(self, actor, actor_client, speyer_grant, name, status):
        response = actor_client(actor(name)).get(f"/api/v1/grants/{speyer_grant.pk}/")
        assert response.status_code == status

    @pytest.mark.parametrize(
        ("name", "approved"),
        [
            ("speyer_staff", "60750.00"),
            ("landau_staff", "50000.00"),
            ("coordinator", "110750.00"),
            ("ministry", "110750.00"),
        ],
    )
    def test_summary_rows(self, actor, actor_client, speyer_grant, landau_grant, name, approved):
        response = actor_client(actor(name)).get(
            "/api/v1/funding/reports/summary/?group_by=municipality"
        )
        assert response.status_code == 200
        assert response.json()["total"]["approved"] == approved

    @pytest.mark.parametrize(
        ("name", "rows"),
        [("speyer_staff", 1), ("landau_staff", 1), ("coordinator", 2), ("ministry", 2)],
    )
    def test_export_rows(self, actor, actor_client, speyer_grant, landau_grant, name, rows):
        response = actor_client(actor(name)).get("/api/v1/grants/export/")
        assert response.status_code == 200
        lines = b"".join(response.streaming_content).decode().strip().splitlines()
        assert len(lines) == 1 + rows

    @pytest.mark.parametrize(
        ("name", "status"),
        [
            ("speyer_staff", 200),
            ("landau_staff", 404),
            ("coordinator", 200),
            ("ministry", 200),
            (None, 401),
        ],
    )
    def test_document_download(self, actor, actor_client, submitted_obligation, name, status):
        detail = f"/api/v1/grants/{submitted_obligation.grant_id}/"
        url = f"{detail}obligations/{submitted_obligation.pk}/document/"
        response = actor_client(actor(name)).get(url, HTTP_ACCEPT="application/pdf")
        assert response.status_code == status
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            listed = actor_client(actor(name)).get(detail).json()["obligations"][0]
            assert listed["document_url"] == f"http://testserver{url}"

    def test_document_download_with_token(self, client, ministry, submitted_obligation):
        _token, raw = ApiToken.issue(user=ministry, days=30)
        grant_url = f"/api/v1/grants/{submitted_obligation.grant_id}/"
        response = client.get(
            f"{grant_url}obligations/{submitted_obligation.pk}/document/",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="zwischenbericht.pdf"'

    def test_programme_counts_only_visible_grants(
        self, actor_client, speyer_staff, ministry, speyer_grant, landau_grant
    ):
        staff_row = actor_client(speyer_staff).get("/api/v1/funding-programs/").json()["results"][0]
        ministry_row = actor_client(ministry).get("/api/v1/funding-programs/").json()["results"][0]
        assert (staff_row["grant_count"], ministry_row["grant_count"]) == (1, 2)

    def test_ministry_token(self, client, ministry, speyer_grant, landau_grant):
        _token, raw = ApiToken.issue(user=ministry, days=30)
        response = client.get("/api/v1/grants/", HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 200
        assert response.json()["count"] == 2

    def test_staff_token_sees_own_city_only(self, client, speyer_staff, speyer_grant, landau_grant):
        _token, raw = ApiToken.issue(user=speyer_staff, days=30)
        response = client.get(
            f"/api/v1/grants/{landau_grant.pk}/", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )
        assert response.status_code == 404

    def test_api_is_read_only(self, actor_client, coordinator, speyer_grant):
        client = actor_client(coordinator)
        assert client.post("/api/v1/grants/", {}).status_code == 405
        assert client.delete(f"/api/v1/grants/{speyer_grant.pk}/").status_code == 405


@pytest.mark.django_db
def test_obligations_of_other_city_are_not_listed_in_api(
    actor_client, speyer_staff, speyer_obligation, landau_obligation
):
    response = actor_client(speyer_staff).get("/api/v1/grants/")
    ids = {ob["id"] for row in response.json()["results"] for ob in row.get("obligations", [])}
    assert landau_obligation.pk not in ids
    detail = actor_client(speyer_staff).get(f"/api/v1/grants/{speyer_obligation.grant_id}/").json()
    assert [ob["id"] for ob in detail["obligations"]] == [speyer_obligation.pk]
    assert ReportingObligation.objects.count() == 2
