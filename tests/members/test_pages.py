"""Every page of the foundation answers right for each role; errors render in the layout."""

from datetime import date

import pytest
from django.test import Client
from django.urls import include, path

from members.models import Municipality
from tests.members.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db

ACTORS = [None, "speyer_staff", "landau_staff", "coordinator", "ministry"]
LAYOUT_MARK = "Zum Inhalt springen"  # the skip link every page of the layout has

PUBLIC_PAGES = {
    "/": "Das Netzwerk in Zahlen",
    "/kommunen/": "Mitgliedskommunen",
    "/kommunen/speyer/": "07318000",
    "/impressum/": "KL.digital GmbH",
    "/datenschutz/": "Datenschutzerklärung",
    "/barrierefreiheit/": "Erklärung zur Barrierefreiheit",
    "/konto/passwort-vergessen/": "Passwort vergessen",
    "/konto/passwort-vergessen/gesendet/": "E-Mail gesendet",
    "/konto/passwort-setzen/fertig/": "Passwort gesetzt",
}
ACCOUNT_PAGES = {
    "/konto/": "Mein Konto",
    "/konto/passwort/": "Passwort ändern",
}


@pytest.fixture
def actor(request, speyer, landau):
    name = request.param
    return request.getfixturevalue(name) if name else None


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@pytest.mark.parametrize(("url", "text"), PUBLIC_PAGES.items())
def test_public_pages_answer_everyone(actor_client, actor, url, text):
    response = actor_client(actor).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert text in content
    assert LAYOUT_MARK in content


@pytest.mark.parametrize("actor", ACTORS[1:], indirect=True)
@pytest.mark.parametrize(("url", "text"), ACCOUNT_PAGES.items())
def test_account_pages_answer_logged_in_users(actor_client, actor, url, text):
    response = actor_client(actor).get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


@pytest.mark.parametrize("url", ACCOUNT_PAGES)
def test_account_pages_send_anonymous_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/konto/anmelden/?next={url}"


def test_login_page_answers_anonymous(client):
    response = client.get("/konto/anmelden/")
    assert response.status_code == 200
    assert "Passwort vergessen?" in response.content.decode()


@pytest.mark.parametrize("actor", ACTORS[1:], indirect=True)
def test_login_page_sends_logged_in_users_to_their_account(actor_client, actor):
    response = actor_client(actor).get("/konto/anmelden/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/"


def test_account_page_shows_name_role_and_city(actor_client, speyer_staff):
    content = actor_client(speyer_staff).get("/konto/").content.decode()
    assert speyer_staff.email in content
    assert "Mitarbeitende einer Mitgliedskommune" in content
    assert "Speyer" in content
    assert "Alle anderen Sitzungen abmelden" in content


def test_navigation_offers_login_or_account(actor_client, speyer_staff):
    assert 'href="/konto/anmelden/"' in actor_client(None).get("/").content.decode()
    content = actor_client(speyer_staff).get("/").content.decode()
    assert 'href="/konto/"' in content and "Mein Konto" in content


def test_invalid_set_password_link_says_so(client, speyer_staff):
    response = client.get("/konto/passwort-setzen/MQ/abc-def/", follow=True)
    assert response.status_code == 200
    assert "Dieser Link ist ungültig oder abgelaufen." in response.content.decode()


def test_start_page_counts_current_member_municipalities(client):
    MunicipalityFactory(joined_on=date(2019, 4, 25))
    MunicipalityFactory(joined_on=date(2019, 12, 1))
    MunicipalityFactory(joined_on=date(2019, 4, 25), left_on=date(2020, 1, 1))
    MunicipalityFactory(kind=Municipality.Kind.ORGANISATION, ags="", joined_on=date(2019, 4, 25))
    response = client.get("/")
    assert response.context["figures"][0] == {"value": 2, "label": "Mitgliedskommunen"}


# --- errors in the layout -------------------------------------------------------


@pytest.mark.parametrize("url", ["/kommunen/gibt-es-nicht/", "/gibt-es-nicht/"])
def test_unknown_pages_answer_404_in_the_layout(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Seite nicht gefunden" in content
    assert LAYOUT_MARK in content


def _boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("kaputt/", _boom), path("", include("ikone.urls"))]
handler500 = "core.views.server_error"


def test_server_error_renders_the_layout_with_status_500(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/kaputt/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Ein Fehler ist aufgetreten" in content
    assert LAYOUT_MARK in content
    assert '<html lang="de"' in content


def test_server_error_page_needs_no_database(rf, django_assert_num_queries):
    from core.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Ein Fehler ist aufgetreten" in response.content.decode()


# --- the member list ------------------------------------------------------------


@pytest.fixture
def network(db):
    return {
        "speyer": MunicipalityFactory(
            name="Speyer", slug="speyer", ags="07318000", joined_on=date(2019, 4, 25)
        ),
        "andernach": MunicipalityFactory(
            name="Andernach",
            slug="andernach",
            ags="07137003",
            kind=Municipality.Kind.MUNICIPALITY,
            district="Mayen-Koblenz",
            joined_on=date(2019, 4, 25),
        ),
        "woerth": MunicipalityFactory(
            name="Wörth am Rhein",
            slug="woerth-am-rhein",
            ags="07334501",
            kind=Municipality.Kind.MUNICIPALITY,
            district="Germersheim",
            joined_on=date(2019, 4, 25),
        ),
        "bad_kreuznach": MunicipalityFactory(
            name="Bad Kreuznach",
            slug="bad-kreuznach",
            ags="07133006",
            kind=Municipality.Kind.MUNICIPALITY,
            district="Bad Kreuznach",
            joined_on=date(2019, 12, 1),
        ),
        "kl_digital": MunicipalityFactory(
            name="KL.digital GmbH",
            slug="kl-digital",
            ags="",
            kind=Municipality.Kind.ORGANISATION,
            joined_on=date(2019, 4, 25),
        ),
        "former": MunicipalityFactory(
            name="Ehemalige Stadt",
            slug="ehemalige-stadt",
            joined_on=date(2019, 4, 25),
            left_on=date(2020, 1, 1),
        ),
    }


def listed(client, **params) -> list[str]:
    response = client.get("/kommunen/", params)
    assert response.status_code == 200
    return [m.name for m in response.context["page"].object_list]


def test_member_list_shows_current_members_only(client, network):
    assert listed(client) == [
        "Andernach",
        "Bad Kreuznach",
        "KL.digital GmbH",
        "Speyer",
        "Wörth am Rhein",
    ]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"q": "speyer"}, ["Speyer"]),
        ({"q": "0713"}, ["Andernach", "Bad Kreuznach"]),
        ({"q": "Germersheim"}, ["Wörth am Rhein"]),
        ({"q": "Ehemalige"}, []),
        ({"kind": "organisation"}, ["KL.digital GmbH"]),
        ({"kind": "verbandsfreie_gemeinde"}, ["Andernach", "Bad Kreuznach", "Wörth am Rhein"]),
        ({"district": "Mayen-Koblenz"}, ["Andernach"]),
        (
            {"member_since": "2019"},
            ["Andernach", "Bad Kreuznach", "KL.digital GmbH", "Speyer", "Wörth am Rhein"],
        ),
        ({"kind": "verbandsfreie_gemeinde", "q": "Bad"}, ["Bad Kreuznach"]),
    ],
)
def test_member_list_search_and_filters(client, network, params, names):
    assert listed(client, **params) == names


def test_member_list_filter_by_year_of_joining(client, network):
    MunicipalityFactory(name="Trier", slug="trier", ags="07211000", joined_on=date(2020, 1, 1))
    assert listed(client, member_since="2020") == ["Trier"]


def test_invalid_filter_is_reported_and_the_others_still_apply(client, network):
    response = client.get("/kommunen/", {"kind": "hauptstadt", "q": "Speyer"})
    assert response.status_code == 200
    assert [m.name for m in response.context["page"].object_list] == ["Speyer"]
    assert "kind" in response.context["form"].errors


def test_member_list_partial_for_htmx(client, network):
    response = client.get("/kommunen/", {"q": "Speyer"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert "1 Mitglied gefunden" in content


def test_member_list_pages_keep_the_filter_once(client, network, monkeypatch):
    monkeypatch.setattr("members.views.MUNICIPALITIES_PER_PAGE", 2)
    response = client.get("/kommunen/", {"kind": "verbandsfreie_gemeinde", "page": "1"})
    content = response.content.decode()
    assert "?kind=verbandsfreie_gemeinde&amp;page=2" in content
    assert "page=1&amp;page=2" not in content
    second = client.get("/kommunen/", {"kind": "verbandsfreie_gemeinde", "page": "2"})
    assert [m.name for m in second.context["page"].object_list] == ["Wörth am Rhein"]


def test_detail_of_a_former_member_says_so(client, network):
    response = client.get("/kommunen/ehemalige-stadt/")
    assert response.status_code == 200
    assert "Kein aktuelles Mitglied" in response.content.decode()


def test_forbidden_answers_403_in_the_layout(actor_client, coordinator):
    response = actor_client(coordinator).get("/admin/auth/group/")
    assert response.status_code == 403
    content = response.content.decode()
    assert "Keine Berechtigung" in content
    assert LAYOUT_MARK in content


def test_expired_form_answers_in_german_in_the_layout(speyer_staff):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/anmelden/", {"username": speyer_staff.email, "password": "x"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Das Formular ist abgelaufen" in content
    assert LAYOUT_MARK in content
