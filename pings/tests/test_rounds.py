"""A round: who is pinged, what the e-mail says, and confirming by link, by code and signed in."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mail.models import OutboundEmail
from mail.services import render_email
from pings import services
from pings.models import Channel, Ping, PingStatus, RoundStatus
from pings.tests.conftest import code_in, link_in


def test_a_round_pings_each_nominated_contact_once_covering_all_its_roles(network, start, mailbox):
    ping_round = start(network.directory)
    assert ping_round.status == RoundStatus.OPEN
    assert ping_round.total == 3
    desk_ping = Ping.objects.get(round=ping_round, contact=network.mexico_desk)
    assert desk_ping.nominations.count() == 2
    recipients = sorted(to for _sender, tos in mailbox.envelopes for to in tos)
    assert recipients == [
        "cert@csirt.mx.example.org",
        "desk@ke-cirt.ke.example.org",
        "guardia@csirt.mx.example.org",
        "lq@sre.mx.example.org",
    ]


def test_the_ping_is_plain_enough_and_in_the_contacts_language(network, start, mailbox):
    start(network.directory)
    [spanish] = mailbox.to("guardia@csirt.mx.example.org")
    [english] = mailbox.to("desk@ke-cirt.ke.example.org")  # Swahili is not an interface language
    assert spanish["Subject"] == "UN Global PoC Directory: confirme que se le puede contactar"
    assert english["Subject"] == "UN Global PoC Directory: please confirm you are reachable"
    html = spanish.get_body(("html",)).get_content()
    assert "<img" not in html
    assert link_in(spanish) in html
    assert code_in(spanish)


def test_each_contacts_copy_reads_as_if_rendered_for_it_alone(network):
    """The round renders its message once per language (mail merge); every copy must equal a direct render."""
    ping_round = services.start_round(network.directory, trigger="manual")
    for kind in ("ping", "reminder"):
        mail = services.message_merge(ping_round, kind)
        for ping in Ping.objects.filter(round=ping_round).select_related("contact"):
            values = services.merge_values(ping, ping.contact)
            variant = services.key_variant(ping_round, ping.contact)
            direct = render_email(f"pings/email/{kind}", {**mail.context, **values, **variant}, ping.language)
            assert mail.render(ping.language, values, variant) == direct


def test_only_hashes_of_link_and_code_are_stored(network, start, mailbox):
    ping_round = start(network.directory)
    message = mailbox.to("lq@sre.mx.example.org")[0]
    token, code = link_in(message).split("/")[2], code_in(message).replace("-", "")
    ping = Ping.objects.get(round=ping_round, contact=network.mexico_diplomat)
    for row in (*Ping.objects.values(), *OutboundEmail.objects.values()):
        assert not [column for column, value in row.items() if token in str(value) or code in str(value)]
    assert ping.token_hash and ping.code_hash


def test_opening_the_link_shows_the_data_and_confirms_nothing(client, network, start, mailbox):
    start(network.directory)
    response = client.get(link_in(mailbox.to("lq@sre.mx.example.org")[0]))
    assert response.status_code == 200
    assert "lq@sre.mx.example.org" in response.content.decode()
    assert Ping.objects.get(contact=network.mexico_diplomat).status == PingStatus.PENDING


def test_posting_the_answer_confirms_and_updates_last_verified(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    response = client.post(link, {"answer": "correct", "attest": "on"})
    assert "Your answer is recorded" in response.content.decode()
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert (ping.status, ping.channel, ping.mailbox_attested) == (PingStatus.CONFIRMED, Channel.LINK, True)
    network.mexico_diplomat.refresh_from_db()
    assert network.mexico_diplomat.last_verified == timezone.localdate()


def test_the_mailbox_must_be_attested(client, network, start, mailbox):
    start(network.directory)
    response = client.post(link_in(mailbox.to("lq@sre.mx.example.org")[0]), {"answer": "correct"})
    assert "Please confirm that the mailbox is monitored." in response.content.decode()
    assert Ping.objects.get(contact=network.mexico_diplomat).status == PingStatus.PENDING


def test_a_second_post_changes_nothing_and_says_it_was_already_confirmed(client, network, start, mailbox):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    client.post(link, {"answer": "correct", "attest": "on"})
    first = Ping.objects.get(contact=network.mexico_diplomat).answered_at
    response = client.post(link, {"answer": "changes", "changes": "New phone", "attest": "on"})
    assert "Already confirmed" in response.content.decode()
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert (ping.status, ping.answered_at, ping.reported_changes) == (PingStatus.CONFIRMED, first, "")


def test_unknown_forged_and_expired_links_reveal_nothing(client, network, start, mailbox):
    ping_round = start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    forged = link[:-5] + "AAAA/"
    ping_round.started_at = timezone.now() - timedelta(days=15)
    ping_round.closes_at = timezone.now() - timedelta(minutes=1)
    ping_round.save()
    for url in (forged, "/ping/unknown-token-that-is-long-enough/", link):
        response = client.get(url)
        assert response.status_code == 404
        body = response.content.decode()
        assert "This link or code is not valid" in body
        assert "Lucía" not in body
        assert "sre.mx.example.org" not in body


def test_reporting_changes_tells_the_coordinator_and_the_manager(
    client, network, start, mailbox, django_capture_on_commit_callbacks
):
    start(network.directory)
    link = link_in(mailbox.to("lq@sre.mx.example.org")[0])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"answer": "changes", "changes": "My mobile is now +52 55 1111 2222", "attest": "on"})
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert ping.status == PingStatus.CHANGES
    for reader in ("coord@mx.example.org", "manager@un.example.org"):
        [notice] = mailbox.to(reader)
        assert "+52 55 1111 2222" in notice.get_body(("plain",)).get_content()
    assert not mailbox.to("coord@ke.example.org")


def test_the_typed_code_confirms_like_the_link(client, network, start, mailbox):
    start(network.directory)
    code = code_in(mailbox.to("lq@sre.mx.example.org")[0])
    page = client.post(reverse("pings:enter_code"), {"code": code.lower().replace("-", " ")})
    assert "lq@sre.mx.example.org" in page.content.decode()
    client.post(reverse("pings:enter_code"), {"code": code, "answer": "correct", "attest": "on"})
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert (ping.status, ping.channel) == (PingStatus.CONFIRMED, Channel.CODE)


def test_a_wrong_code_is_refused_and_guessing_is_slowed_down(client, network, start):
    start(network.directory)
    response = client.post(reverse("pings:enter_code"), {"code": "ABCDE-FGHJK"})
    assert "This code is not valid, or its round has closed." in response.content.decode()
    for _ in range(10):
        response = client.post(reverse("pings:enter_code"), {"code": "ABCDE-FGHJK"})
    assert "Too many attempts" in response.content.decode()


def test_a_signed_in_point_of_contact_confirms_from_its_dashboard(client, network, start):
    start(network.directory)
    client.force_login(network.poc_mex)
    ping = Ping.objects.get(contact=network.mexico_diplomat)
    assert "Answer" in client.get(reverse("pings:mine")).content.decode()
    client.post(reverse("pings:confirm_signed_in", args=[ping.code]), {"answer": "correct", "attest": "on"})
    ping.refresh_from_db()
    assert (ping.status, ping.channel) == (PingStatus.CONFIRMED, Channel.DASHBOARD)


def test_a_manager_records_an_answer_received_by_telephone(client, network, start):
    start(network.directory)
    ping = Ping.objects.get(contact=network.kenya_desk)
    client.force_login(network.manager)
    client.post(
        reverse("pings:record_answer", args=[ping.code]), {"channel": Channel.PHONE, "note": "Called the desk at 10:00"}
    )
    ping.refresh_from_db()
    assert (ping.status, ping.channel, ping.note, ping.recorded_by) == (
        PingStatus.CONFIRMED,
        Channel.PHONE,
        "Called the desk at 10:00",
        network.manager,
    )


def test_a_manager_previews_the_recipients_then_starts_the_round(client, network, django_capture_on_commit_callbacks):
    client.force_login(network.manager)
    url = reverse("pings:round_new", args=[network.directory.slug])
    preview = client.get(url).content.decode()
    assert "3 contacts in 2 States" in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    ping_round = network.directory.ping_rounds.get()
    assert response["Location"] == ping_round.get_absolute_url()
    second = client.post(url)
    assert network.directory.ping_rounds.count() == 1
    assert second.status_code == 302


def test_the_round_page_shows_live_progress(client, network, start):
    ping_round = start(network.directory)
    client.force_login(network.manager)
    page = client.get(ping_round.get_absolute_url()).content.decode()
    assert "3 of 3 sent" in page
    progress = client.get(reverse("pings:round_progress", args=[ping_round.code]), HTTP_HX_REQUEST="true")
    assert "3 of 3 sent" in progress.content.decode()


def test_a_coordinator_sees_only_its_own_states_pings(client, network, start):
    ping_round = start(network.directory)
    client.force_login(network.coordinator_ken)
    page = client.get(ping_round.get_absolute_url()).content.decode()
    assert "KE-CIRT Desk" in page
    assert "Lucía Quiroga" not in page
    assert "Mesa de Guardia" not in page
    assert "1 of 1 sent" in page
