"""A post in a group's discussion is e-mailed to the people of the group's member States, each in the language
they read Enlace in, as they chose: every post, a daily digest, or nothing. Never to its author, never to
others. The digest carries each post once, however often the job runs."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from working_groups import discussion
from working_groups.discussion_models import DiscussionPost, Notify
from working_groups.tests.discussions import cyber_discussion
from working_groups.tests.plans import new_plan


def test_a_post_is_emailed_to_each_member_in_their_language_but_not_to_its_author(network, mailbox, background):
    talk = cyber_discussion(network)

    background(discussion.write_post, author=network.coordinator_mex, text="Meeting on Monday?", group=talk.cyber)

    [spanish] = mailbox.to(talk.chilean.email)
    [french] = mailbox.to(network.poc_arg.email)
    [english] = mailbox.to(network.coordinator_arg.email)
    assert spanish["Subject"] == "Nuevo mensaje en la discusión de Cyber"
    assert french["Subject"] == "Nouveau message dans la discussion de Cyber"
    assert english["Subject"] == "New message in the discussion of Cyber"
    body = spanish.get_body(("plain",)).get_content()
    assert "Meeting on Monday?" in body
    assert reverse("working_groups:discussion_settings", args=[talk.cyber.code]) in body
    assert not mailbox.to(network.coordinator_mex.email)


def test_people_outside_the_group_hear_nothing(network, mailbox, background):
    talk = cyber_discussion(network)

    background(discussion.write_post, author=talk.chilean, text="Training only", group=talk.training)

    assert not mailbox.to(network.coordinator_mex.email)
    assert not mailbox.to(talk.prosur.manager.email)
    assert not mailbox.to(network.coordinator_ken.email)
    assert mailbox.to(network.coordinator_arg.email)


def test_a_product_post_names_the_product_and_goes_to_the_group(network, mailbox, background):
    talk = cyber_discussion(network)
    product = new_plan(talk.prosur.directory, group=talk.cyber, products=1).products.get()

    background(discussion.write_post, author=network.coordinator_mex, text="Draft attached soon", product=product)

    [message] = mailbox.to(talk.chilean.email)
    assert message["Subject"] == "Nuevo mensaje sobre «Product 1»"
    assert DiscussionPost.objects.get().group == talk.cyber


def test_those_who_chose_the_digest_or_nothing_get_no_email_per_post(network, mailbox, background):
    talk = cyber_discussion(network)
    discussion.set_preference(talk.chilean, talk.cyber, Notify.DAILY_DIGEST)
    discussion.set_preference(network.poc_arg, talk.cyber, Notify.NONE)

    background(discussion.write_post, author=network.coordinator_mex, text="Hello", group=talk.cyber)

    assert not mailbox.to(talk.chilean.email)
    assert not mailbox.to(network.poc_arg.email)
    assert mailbox.to(network.coordinator_arg.email)


def test_the_digest_carries_each_post_once_even_when_run_twice(network, mailbox, background):
    talk = cyber_discussion(network)
    product = new_plan(talk.prosur.directory, group=talk.cyber, products=1).products.get()
    discussion.set_preference(talk.chilean, talk.cyber, Notify.DAILY_DIGEST)
    discussion.write_post(author=network.coordinator_mex, text="First", group=talk.cyber)
    discussion.write_post(author=network.coordinator_arg, text="Second", group=talk.cyber)
    discussion.write_post(author=network.coordinator_mex, text="On the product", product=product)
    discussion.write_post(author=talk.chilean, text="My own", group=talk.cyber)
    mailbox.clear()
    morning = timezone.now() + timedelta(hours=12)

    assert background(discussion.send_digests, morning) == 4
    assert background(discussion.send_digests, morning + timedelta(minutes=1)) == 0

    [digest] = mailbox.to(talk.chilean.email)
    assert digest["Subject"] == "Grupos de trabajo: 3 mensajes nuevos"
    body = digest.get_body(("plain",)).get_content()
    assert "3 mensajes nuevos desde el último resumen, en 2 discusiones:" in body
    assert "First" in body and "Second" in body and "On the product" in body
    assert "My own" not in body
    assert not mailbox.to(network.coordinator_arg.email)  # every post: already e-mailed one by one


def test_the_next_digest_carries_only_what_was_written_since(network, mailbox, background):
    talk = cyber_discussion(network)
    discussion.set_preference(talk.chilean, talk.cyber, Notify.DAILY_DIGEST)
    discussion.write_post(author=network.coordinator_mex, text="Monday's news", group=talk.cyber)
    monday = timezone.now() + timedelta(hours=12)
    background(discussion.send_digests, monday)
    discussion.write_post(author=network.coordinator_mex, text="Tuesday's news", group=talk.cyber)
    mailbox.clear()

    assert background(discussion.send_digests, monday + timedelta(days=1)) == 1

    [digest] = mailbox.to(talk.chilean.email)
    body = digest.get_body(("plain",)).get_content()
    assert "Tuesday's news" in body
    assert "Monday's news" not in body


def test_a_directory_plans_product_thread_sends_no_email(network, mailbox, background):
    talk = cyber_discussion(network)
    product = new_plan(talk.prosur.directory, products=1).products.get()

    background(discussion.write_post, author=network.coordinator_mex, text="Directory-wide", product=product)

    assert not mailbox.messages
    assert background(discussion.send_digests, timezone.now() + timedelta(days=1)) == 0


def test_a_member_chooses_how_to_hear_of_the_discussion_on_its_page(network, client):
    talk = cyber_discussion(network)
    client.force_login(talk.chilean)
    url = reverse("working_groups:discussion_settings", args=[talk.cyber.code])

    response = client.post(url, {"notify": Notify.DAILY_DIGEST})

    assert response.status_code == 302
    assert discussion.preference_of(talk.chilean, talk.cyber) == Notify.DAILY_DIGEST
    assert discussion.preference_of(talk.chilean, talk.training) == Notify.EVERY_POST
