"""Words with several meanings in English read as the one meant, in the reader's language."""

from django.urls import reverse


def spanish_detail(network, send, client) -> str:
    communication = send()
    client.force_login(network.poc_ke_diplomat)
    return client.get(communication.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_in_spanish_the_envelope_names_the_sender_and_the_recipient_as_a_message_does(network, send, client):
    body = spanish_detail(network, send, client)
    assert '<dt class="col-sm-3">De</dt>' in body
    assert '<dt class="col-sm-3">Para</dt>' in body


def test_in_spanish_the_time_of_sending_is_labelled_as_a_date(network, send, client):
    assert '<dt class="col-sm-3">Fecha de envío</dt>' in spanish_detail(network, send, client)


def test_in_spanish_the_button_to_answer_is_a_verb_and_the_answers_page_a_noun(network, send, client):
    communication = send()
    client.force_login(network.poc_ke_diplomat)
    detail = client.get(communication.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    compose = client.get(reverse("communications:answer", args=[communication.code]), HTTP_ACCEPT_LANGUAGE="es")
    assert ">Responder</a>" in detail
    assert "<h1>Respuesta</h1>" in compose.content.decode()


def test_in_french_the_box_of_sent_communications_agrees_with_them(network, client):
    client.force_login(network.poc_mx)
    assert "Envoyées" in client.get(reverse("communications:sent"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
