"""Browser: staff of Landau registers for the full example meeting, waits, moves up."""

from events import services
from events.models import Event
from members.models import User
from tests.e2e.conftest import login
from tests.members.factories import StaffFactory

EXAMPLE = "beispiel-workshop-nachnutzung"


def fill_the_seats(event: Event) -> None:
    """Three seats: Speyer's demo account, the coordinator and one more person."""
    for email in ("speyer@demo.ikone-rlp.de", "koordination@demo.ikone-rlp.de"):
        user = User.objects.get(email=email)
        services.registration_create(event=event, user=user, actor=user)
    extra = StaffFactory(
        municipality=User.objects.get(email="speyer@demo.ikone-rlp.de").municipality
    )
    services.registration_create(event=event, user=extra, actor=extra)


def test_landau_waits_for_a_seat_and_moves_up(
    page, browser, live_server, demo_network, assert_accessible, mailoutbox
):
    event = Event.objects.get(slug=EXAMPLE)
    fill_the_seats(event)
    login(page, "landau@demo.ikone-rlp.de")

    page.goto("/termine/")
    assert_accessible(page)
    page.get_by_role("link", name=event.title).click()
    page.wait_for_url(f"**/termine/{EXAMPLE}/")
    assert "Ausgebucht" in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Auf die Warteliste setzen").click()
    page.wait_for_load_state()
    status = page.get_by_role("status").first
    assert "Sie stehen auf der Warteliste auf Platz 1" in status.inner_text()
    assert page.get_by_text("Sie stehen auf der Warteliste (Platz 1 von 1)").is_visible()
    assert_accessible(page)

    # Speyer cancels in another browser: the seat goes to Landau.
    speyer = browser.new_context(base_url=live_server.url, locale="de-DE")
    other = speyer.new_page()
    login(other, "speyer@demo.ikone-rlp.de")
    other.goto(f"/termine/{EXAMPLE}/")
    # Cancelling asks first (issue 16.5), keyboard only.
    other.get_by_role("link", name="Anmeldung stornieren").focus()
    other.keyboard.press("Enter")
    other.wait_for_url(f"**/termine/{EXAMPLE}/stornieren/")
    assert other.get_by_role("heading", level=1).inner_text() == "Anmeldung stornieren?"
    assert_accessible(other)
    other.get_by_role("button", name="Ja, stornieren").focus()
    other.keyboard.press("Enter")
    other.wait_for_url(f"**/termine/{EXAMPLE}/")
    assert "Ihre Anmeldung wurde storniert" in other.content()
    speyer.close()

    page.reload()
    assert page.get_by_text("Sie sind angemeldet", exact=True).is_visible()
    assert page.get_by_role("link", name="Anmeldung stornieren").is_visible()
    assert_accessible(page)
    promoted = [m for m in mailoutbox if m.subject.startswith("Sie sind nachgerückt")]
    assert [m.to for m in promoted] == [["landau@demo.ikone-rlp.de"]]

    page.goto("/konto/")
    section = page.get_by_role("region", name="Meine Anmeldungen")
    assert event.title in section.inner_text()
    assert "Angemeldet" in section.inner_text()
    assert_accessible(page)


def test_first_meeting_page_with_agenda_passes_axe(page, demo_network, assert_accessible):
    page.goto("/termine/interkommunaler-austausch-digitalisierung-2019/")
    assert page.get_by_role("heading", name="Programm").is_visible()
    assert "Fraunhofer-Zentrum Kaiserslautern" in page.content()
    assert_accessible(page)


def test_coordinator_sees_the_participant_list(page, demo_network, assert_accessible):
    event = Event.objects.get(slug=EXAMPLE)
    fill_the_seats(event)
    login(page, "koordination@demo.ikone-rlp.de")
    page.goto(f"/termine/{EXAMPLE}/")
    assert page.get_by_role("heading", name="Teilnehmende", exact=True).is_visible()
    assert page.get_by_role("link", name="Teilnehmendenliste als CSV herunterladen").is_visible()
    assert_accessible(page)


def test_leaving_the_waiting_list_asks_first_and_no_keeps_the_place(page, demo_network):
    event = Event.objects.get(slug=EXAMPLE)
    fill_the_seats(event)
    landau = User.objects.get(email="landau@demo.ikone-rlp.de")
    services.registration_create(event=event, user=landau, actor=landau)
    login(page, "landau@demo.ikone-rlp.de")
    page.goto(f"/termine/{EXAMPLE}/")
    page.get_by_role("link", name="Von der Warteliste abmelden").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/stornieren/")
    assert "auf Platz 1 der Warteliste" in page.content()
    page.get_by_role("link", name="Nein, zurück zum Termin").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/termine/{EXAMPLE}/")
    assert page.get_by_text("Sie stehen auf der Warteliste (Platz 1 von 1)").is_visible()
