"""The confirmation page a contact opens from its e-mail: what it shows, in whose language, what it leaves behind."""

import re
import uuid
from datetime import time, timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory import phones
from directory.choices import PhoneUsage
from directory.models import Contact, ContactPhone
from enlace.dates import long_date
from pings.models import Ping, PingStatus
from pings.tests.conftest import link_in

ANSWER = {"answer": "correct", "attest": "on"}


def in_order(page: str, *parts: str) -> bool:
    """Every part is on the page, each after the one before (values isolated for right-to-left pages, such as
    addresses and numbers in ``<bdi>``, read as their text)."""
    page = re.sub(r"</?bdi[^>]*>", "", page)
    position = 0
    for part in parts:
        position = page.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def desk_with_hours_and_phones(network):
    desk = network.mexico_desk
    desk.title, desk.opens_at, desk.closes_at = "Duty officer", time(9), time(17)
    desk.time_zone = "America/Mexico_City"
    desk.save()
    ContactPhone.objects.create(contact=desk, number="+525511112222", usage=PhoneUsage.MOBILE, position=1)
    ContactPhone.objects.create(contact=desk, number="+525533334444", usage=PhoneUsage.OFFICE, position=0)
    return desk


def test_the_page_shows_what_is_recorded_for_the_contact_each_list_in_its_order(client, network, start, mailbox):
    desk_with_hours_and_phones(network)
    start(network.directory)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the desk reads Spanish, this reader chose English
    page = client.get(link_in(mailbox.to("guardia@csirt.mx.example.org")[0])).content.decode()
    assert in_order(
        page,
        "Mesa de Guardia, Duty officer",
        "CSIRT MX — Mexico",
        "Diplomatic (UN Global PoC Directory); Technical (UN Global PoC Directory)",
        "guardia@csirt.mx.example.org, cert@csirt.mx.example.org",
        f"{phones.display('+525533334444')} (Office), {phones.display('+525511112222')} (Mobile)",
        "Spanish, English",
        "Monday to Friday, 09:00–17:00 (America/Mexico_City)",
        "No key",
        "Your answer",
        "Send my answer",
    )


def test_what_a_person_recorded_is_shown_as_text_never_as_markup(client, network, start, mailbox):
    desk = network.mexico_desk
    desk.name, desk.title = "<script>alert(1)</script>", 'Duty "officer" & <b>lead</b>'
    desk.save()
    start(network.directory)
    page = client.get(link_in(mailbox.to("guardia@csirt.mx.example.org")[0])).content.decode()
    assert "<script>alert(1)" not in page and "<b>lead" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;, Duty &quot;officer&quot; &amp; &lt;b&gt;lead&lt;/b&gt;" in page


def test_a_desk_reachable_around_the_clock_with_a_key_shows_both(client, network, start, mailbox):
    expires = timezone.now() + timedelta(days=400)
    Contact.objects.filter(pk=network.mexico_desk.pk).update(
        is_24_7=True, pgp_key="(an armoured key)", pgp_fingerprint="0123456789ABCDEF0123456789ABCDEF01234567"
    )
    Contact.objects.filter(pk=network.mexico_desk.pk).update(pgp_expires=expires)
    start(network.directory)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the desk reads Spanish, this reader chose English
    page = client.get(link_in(mailbox.to("guardia@csirt.mx.example.org")[0])).content.decode()
    when = long_date(expires, "UTC")  # a reader who has not signed in reads dates as they are in UTC
    assert in_order(page, "Reachable 24/7", "0123456789ABCDEF0123456789ABCDEF01234567", f"expires {when}")


def test_the_page_and_its_form_are_in_the_readers_language(client, network, start, mailbox):
    caches["template_fragments"].clear()  # the blank form and the menus are rendered here, once per language
    desk_with_hours_and_phones(network)
    start(network.directory)
    link = link_in(mailbox.to("guardia@csirt.mx.example.org")[0])
    # Opened as it comes, the page is in the ping's language (the desk's first, Spanish), whatever the browser's.
    spanish = client.get(link, headers={"accept-language": "en"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen in the menu
    english = client.get(link).content.decode()
    assert in_order(
        spanish,
        "Confirme sus datos",
        "CSIRT MX — México",
        "Diplomático (UN Global PoC Directory); Técnico (UN Global PoC Directory)",
        f"{phones.display('+525511112222')} (Móvil)",
        "español, inglés",
        "De lunes a viernes, 09:00–17:00",
        "Sin clave",
        "Su respuesta",
        "Enviar mi respuesta",
    )
    assert '<option value="es" lang="es" selected>' in spanish
    # The blank form is kept once per language: English readers still get it in English.
    assert in_order(client.get(link).content.decode(), "Your answer", "Send my")
    assert "Su respuesta" not in english


def test_a_form_sent_back_with_a_mistake_shows_the_mistake_and_what_was_chosen(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.get(link)  # the blank form is now kept
    page = client.post(link, {"answer": "changes", "attest": "on"}).content.decode()
    assert "Say what needs to change." in page
    assert re.search(r'<input[^>]*value="changes"[^>]*checked', page)
    assert Ping.objects.get(contact=network.mexico_diplomat).status == PingStatus.PENDING


def test_opening_the_link_and_answering_leave_no_session_only_the_csrf_cookie(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    opened = client.get(link)
    answered = client.post(link, ANSWER)
    assert set(opened.cookies) == {"csrftoken"}
    assert "sessionid" not in answered.cookies
    assert not Session.objects.exists()


def test_the_answer_is_refused_without_the_csrf_token_of_the_page(network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(link, ANSWER).status_code == 403
    assert Ping.objects.get(contact=network.mexico_diplomat).status == PingStatus.PENDING
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', browser.get(link).content.decode()).group(1)
    answered = browser.post(link, {**ANSWER, "csrfmiddlewaretoken": token})
    assert "Your answer is recorded" in answered.content.decode()


def test_posting_the_same_answer_twice_records_it_once(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.post(link, ANSWER)
    first = Ping.objects.get(contact=network.mexico_diplomat)
    again = client.post(link, ANSWER)
    assert "Already confirmed" in again.content.decode()
    assert Ping.objects.get(pk=first.pk).answered_at == first.answered_at
    contact = network.mexico_diplomat
    assert LogEntry.objects.get_for_object(contact).filter(changes__has_key="last_verified").count() == 1


def test_an_answered_link_says_when_it_was_answered(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.post(link, ANSWER)
    answered_at = Ping.objects.get(contact=network.mexico_diplomat).answered_at
    page = client.get(link).content.decode()
    # The link's reader is not signed in: the time is in UTC, and says so.
    assert f"This ping was already answered on {answered_at:%Y-%m-%d %H:%M} UTC." in page


def test_a_signed_in_point_of_contact_sees_the_same_page_from_its_dashboard(client, network, start):
    start(network.directory)
    client.force_login(network.poc_mex)
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    page = client.get(reverse("pings:confirm_signed_in", args=[ping.code])).content.decode()
    assert in_order(page, "Lucía Quiroga", "SRE — Mexico", "Diplomatic (UN Global PoC Directory)", "lq@sre.mx")
    assert client.get(reverse("pings:confirm_signed_in", args=[uuid.uuid4()])).status_code == 404


def _per_response_values_blanked(page: str) -> str:
    """The page without what differs on every response: the masked CSRF token and the CSP nonce."""
    page = re.sub(r'value="[A-Za-z0-9]{64}"', 'value="(token)"', page)
    page = re.sub(r'"X-CSRFToken": "[A-Za-z0-9]{64}"', '"X-CSRFToken": "(token)"', page)
    return re.sub(r'nonce="[^"]+"', 'nonce="(nonce)"', page)


def test_signed_out_readers_get_the_page_a_full_rendering_gives_in_every_language(
    client, network, start, mailbox, monkeypatch
):
    # Signed-out readers' pages are put into a frame rendered once per language (enlace.page_frame).
    from enlace import page_frame

    desk_with_hours_and_phones(network)
    start(network.directory)
    link = link_in(mailbox.to("guardia@csirt.mx.example.org")[0])
    other = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    pages = {}

    def read(framed: bool) -> None:
        for language in ("en", "es", "ar"):
            headers = {"accept-language": language}
            pages[framed, language, "page"] = client.get(f"{link}?from=mail&to=<you>", headers=headers).content.decode()
            pages[framed, language, "invalid"] = client.get("/ping/not-a-token/", headers=headers).content.decode()

    def answer(address: str) -> str:
        # The two pings' e-mails are in different languages: the answers are read in English, chosen in the menu.
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.post(address, ANSWER).content.decode()
        del client.cookies[settings.LANGUAGE_COOKIE_NAME]
        return page

    read(framed=True)
    pages[True, "en", "answered"] = answer(other)
    monkeypatch.setattr(page_frame, "_signed_out_without_messages", lambda request: False)
    read(framed=False)
    pages[False, "en", "answered"] = answer(link)
    for (framed, language, kind), page in pages.items():
        if framed:
            full = pages[False, language, kind].replace(link.split("/")[-2], other.split("/")[-2])
            if kind != "answered":
                full = pages[False, language, kind]
            assert _per_response_values_blanked(page) == _per_response_values_blanked(full), (language, kind)
    # The language menu comes back to the page's own address, escaped.
    assert f'name="next" type="hidden" value="{link}?from=mail&amp;to=%3Cyou%3E"' in pages[True, "en", "page"]
    assert '<html lang="ar" dir="rtl">' in pages[True, "ar", "invalid"]


def test_the_thanks_kept_for_signed_out_readers_follow_each_answer_and_its_language(client, network, start, mailbox):
    start(network.directory)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen in the menu
    correct = client.post(link_in(mailbox.to("lq@sre.mx.example.org")[0]), ANSWER).content.decode()
    changes = {"answer": "changes", "changes": "A new duty phone", "attest": "on"}
    with_changes = client.post(link_in(mailbox.to("desk@ke-cirt.ke.example.org")[0]), changes).content.decode()
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]  # as the e-mail came: the desk's ping is in Spanish
    spanish = client.post(link_in(mailbox.to("guardia@csirt.mx.example.org")[0]), ANSWER).content.decode()
    assert "you are reachable and your details are current" in correct
    assert "have been told what needs to change" in with_changes
    assert "you are reachable" not in with_changes
    assert "Se ha registrado su respuesta" in spanish and "Your answer" not in spanish
