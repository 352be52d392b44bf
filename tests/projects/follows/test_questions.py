"""Questions and answers reach the project's followers (issue 13): one notice
each at once, a line in the weekly digest; never the author, never the text,
nothing about a hidden post, and nobody twice for the same entry — the lead
city's staff keep their "Neue Frage" mail, the asker the "beantwortet" mail,
and get no notice besides."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import AuditEntry
from projects import digests, notices, services
from projects.models import Delivery, Digest, Follow, Notice
from projects.services.follows import follow_set
from tests.members.factories import StaffFactory

pytestmark = pytest.mark.django_db

QUESTION = "Was kostet der Betrieb im Jahr wirklich?"
ANSWER = "Rund 1.500 Euro für Strom und Wartung."


@pytest.fixture
def colleague(speyer):
    """A second person of the lead city, who did not write the answer."""
    return StaffFactory(municipality=speyer, email="erika@speyer.example")


def _mails_to(user) -> list[str]:
    return [message.subject for message in mail.outbox if message.to == [user.email]]


def test_followers_at_once_get_one_notice_for_a_question_and_one_for_an_answer(
    published, speyer_staff, colleague, landau_staff, ministry, on_commit
):
    for person in (ministry, landau_staff, speyer_staff, colleague):
        follow_set(actor=person, project=published)
    mail.outbox.clear()
    with on_commit():
        question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    assert _mails_to(ministry) == ["Smarte Lichtmasten: neue Frage"]
    # The lead city has its own mail about the question; the asker nothing.
    assert _mails_to(speyer_staff) == ["Neue Frage zu Ihrem Projekt: Smarte Lichtmasten"]
    assert _mails_to(colleague) == ["Neue Frage zu Ihrem Projekt: Smarte Lichtmasten"]
    assert _mails_to(landau_staff) == []
    [notice] = [m for m in mail.outbox if m.to == [ministry.email]]
    link = f"/projekte/smarte-lichtmasten/#frage-{question.pk}"
    html = notice.alternatives[0][0]
    for body in (notice.body, html):
        assert link in body
        assert "Smarte Lichtmasten" in body
        assert QUESTION not in body  # the text only on the page, for those who may read it
        assert landau_staff.email not in body
    assert notice.extra_headers["List-Unsubscribe"].startswith("<http")

    mail.outbox.clear()
    with on_commit():
        services.answer_create(question=question, actor=speyer_staff, body=ANSWER)
    assert _mails_to(ministry) == ["Smarte Lichtmasten: neue Antwort auf eine Frage"]
    assert _mails_to(colleague) == ["Smarte Lichtmasten: neue Antwort auf eine Frage"]
    # The asker, who follows too, gets the direct mail only; the answerer nothing.
    assert _mails_to(landau_staff) == ["Ihre Frage wurde beantwortet: Smarte Lichtmasten"]
    assert _mails_to(speyer_staff) == []
    for message in mail.outbox:
        if "neue Antwort" in message.subject:
            assert ANSWER not in message.body
            assert f"#frage-{question.pk}" in message.body
    assert Notice.objects.filter(recipient=landau_staff).count() == 0
    assert Notice.objects.count() == 3  # ministry ×2, colleague ×1

    # A repeated run sends nothing more.
    mail.outbox.clear()
    assert notices.claim_due() == 0
    assert notices.deliver().sent == 0
    assert mail.outbox == []


def test_followers_of_a_topic_or_city_are_not_told_of_questions(
    published, landau_staff, ministry, speyer, on_commit
):
    follow_set(actor=ministry, municipality=speyer)
    mail.outbox.clear()
    with on_commit():
        services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    assert _mails_to(ministry) == []


def test_a_question_hidden_before_the_notice_is_claimed_is_not_announced(
    published, landau_staff, ministry, coordinator
):
    follow_set(actor=ministry, project=published)
    # Asked, but the dispatcher has not run yet (no after-commit here).
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    services.question_hide(question=question, actor=coordinator, reason="Werbung")
    mail.outbox.clear()
    assert notices.claim_due() == 0
    assert notices.deliver().sent == 0
    assert mail.outbox == []


def test_a_question_hidden_after_the_claim_is_not_sent(
    published, landau_staff, ministry, coordinator
):
    follow_set(actor=ministry, project=published)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    assert notices.claim_due() == 1
    services.question_hide(question=question, actor=coordinator, reason="Werbung")
    mail.outbox.clear()
    result = notices.deliver()
    assert (result.sent, result.dropped) == (0, 1)
    assert mail.outbox == []
    assert Notice.objects.get().last_error == "nicht gesendet: nicht mehr zutreffend"


def test_no_notice_of_a_hidden_answer_or_of_an_answer_to_a_hidden_question(
    published, landau_staff, speyer_staff, ministry, coordinator
):
    follow_set(actor=ministry, project=published)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    answer = services.answer_create(question=question, actor=speyer_staff, body=ANSWER)
    services.answer_hide(answer=answer, actor=coordinator, reason="Falsch")
    other = services.question_ask(project=published, actor=landau_staff, body="Noch eine?")
    services.answer_create(question=other, actor=speyer_staff, body="Ja.")
    services.question_hide(question=other, actor=coordinator, reason="Doppelt")
    mail.outbox.clear()
    notices.claim_due()
    notices.deliver()
    assert _mails_to(ministry) == ["Smarte Lichtmasten: neue Frage"]
    assert f"#frage-{question.pk}" in mail.outbox[0].body


def test_an_answer_to_a_question_whose_asker_is_gone_reaches_the_followers(
    published, landau_staff, speyer_staff, ministry, on_commit
):
    follow_set(actor=ministry, project=published)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    notices.claim_due()
    landau_staff.delete()  # the asker's account is deleted: the question stays, anonymous
    mail.outbox.clear()
    with on_commit():
        services.answer_create(question=question, actor=speyer_staff, body=ANSWER)
    assert _mails_to(ministry) == [
        "Smarte Lichtmasten: neue Frage",
        "Smarte Lichtmasten: neue Antwort auf eine Frage",
    ]


def test_the_linked_question_is_not_readable_anonymously(
    published, landau_staff, ministry, client, actor_client
):
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    assert QUESTION not in client.get(published.get_absolute_url()).content.decode()
    page = actor_client(ministry).get(published.get_absolute_url()).content.decode()
    assert f'id="frage-{question.pk}"' in page
    assert QUESTION in page


# --- the weekly digest -----------------------------------------------------------------


def _last_week(*entries_of_actions: str) -> None:
    week = digests.last_complete_week(timezone.now())
    AuditEntry.objects.filter(action__in=entries_of_actions).update(
        created_at=week.start + timedelta(days=2, hours=12)
    )
    Follow.objects.update(created_at=week.start - timedelta(days=30))


def _digest_of(user):
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) <= 1
    return found[0] if found else None


def test_weekly_followers_read_questions_and_answers_in_the_digest(
    published, speyer_staff, colleague, landau_staff, ministry
):
    for person in (ministry, landau_staff, speyer_staff, colleague):
        follow_set(actor=person, project=published, delivery=Delivery.WEEKLY)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    services.answer_create(question=question, actor=speyer_staff, body=ANSWER)
    _last_week("question.create", "answer.create")
    mail.outbox.clear()
    # The asker had their own question and the answer mail; the answerer their
    # own answer and the question mail: neither has anything new.
    assert digests.claim_due() == 2
    assert digests.deliver().sent == 2
    assert _digest_of(landau_staff) is None
    assert _digest_of(speyer_staff) is None
    link = f"/projekte/smarte-lichtmasten/#frage-{question.pk}"
    full = _digest_of(ministry)
    for body in (full.body, full.alternatives[0][0]):
        assert "Smarte Lichtmasten: neue Frage" in body
        assert "Smarte Lichtmasten: neue Antwort auf eine Frage" in body
        assert link in body
        assert QUESTION not in body
        assert ANSWER not in body
    # The colleague had the question mail: only the answer is news to them.
    partial = _digest_of(colleague)
    for body in (partial.body, partial.alternatives[0][0]):
        assert "Smarte Lichtmasten: neue Antwort auf eine Frage" in body
        assert "neue Frage" not in body
        assert body.count(link) == 1


def test_a_hidden_question_is_not_in_the_digest(published, landau_staff, ministry, coordinator):
    follow_set(actor=ministry, project=published, delivery=Delivery.WEEKLY)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    services.question_hide(question=question, actor=coordinator, reason="Werbung")
    _last_week("question.create")
    mail.outbox.clear()
    assert digests.claim_due() == 0
    assert mail.outbox == []


def test_a_question_hidden_after_the_digest_was_claimed_is_left_out(
    published, landau_staff, ministry, coordinator
):
    follow_set(actor=ministry, project=published, delivery=Delivery.WEEKLY)
    question = services.question_ask(project=published, actor=landau_staff, body=QUESTION)
    _last_week("question.create")
    assert digests.claim_due() == 1
    services.question_hide(question=question, actor=coordinator, reason="Werbung")
    mail.outbox.clear()
    result = digests.deliver()
    assert (result.sent, result.dropped) == (0, 1)
    assert mail.outbox == []


# --- queries ---------------------------------------------------------------------------


def _notice_queries(published, asker, answerer, people: int, posts: int) -> tuple[int, int]:
    for n in range(people):
        follow_set(actor=StaffFactory(email=f"f{people}-{n}@example.org"), project=published)
    for _ in range(posts):
        question = services.question_ask(project=published, actor=asker, body=QUESTION)
        services.answer_create(question=question, actor=answerer, body=ANSWER)
    ContentType.objects.clear_cache()  # both measurements read the content types alike
    with CaptureQueriesContext(connection) as claimed:
        notices.claim_due()
    with CaptureQueriesContext(connection) as delivered:
        result = notices.deliver()
    assert result.sent == 2 * posts * people
    # The only per-mail queries are the engine's lease renewal and "sent" mark.
    return len(claimed), len(delivered) - 2 * result.sent


def test_notice_queries_do_not_grow_with_followers_or_posts(published, landau_staff, speyer_staff):
    small = _notice_queries(published, landau_staff, speyer_staff, people=2, posts=1)
    Follow.objects.all().delete()
    mail.outbox.clear()
    large = _notice_queries(published, landau_staff, speyer_staff, people=6, posts=3)
    assert large == small


def _digest_queries(published, speyer, asker, answerer, people: int) -> tuple[int, int]:
    for n in range(people):
        # Half of them of the lead city: their sections are their own (no question).
        city = {"municipality": speyer} if n % 2 else {}
        person = StaffFactory(email=f"w{people}-{n}@example.org", **city)
        follow_set(actor=person, project=published, delivery=Delivery.WEEKLY)
    follow_set(actor=asker, project=published, delivery=Delivery.WEEKLY)
    for _ in range(people):
        question = services.question_ask(project=published, actor=asker, body=QUESTION)
        services.answer_create(question=question, actor=answerer, body=ANSWER)
    _last_week("question.create", "answer.create")
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as claimed:
        digests.claim_due()
    with CaptureQueriesContext(connection) as delivered:
        result = digests.deliver()
    assert result.sent == people == Digest.objects.count()
    return len(claimed), len(delivered) - 2 * result.sent


def test_digest_queries_do_not_grow_with_followers_or_posts(
    published, speyer, landau_staff, speyer_staff
):
    small = _digest_queries(published, speyer, landau_staff, speyer_staff, 2)
    Follow.objects.all().delete()
    Digest.objects.all().delete()
    AuditEntry.objects.all().delete()
    mail.outbox.clear()
    large = _digest_queries(published, speyer, landau_staff, speyer_staff, 8)
    assert large == small
