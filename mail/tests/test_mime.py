"""The messages Enlace builds, parsed back with the standard library's own parser."""

import email.policy
import re
from email.parser import BytesParser

import pytest

from mail import mime, openpgp

SENDER = mime.Sender.parse("Enlace Secretaría <noreply@enlace.example.org>")


def envelope(**overrides) -> mime.Envelope:
    fields = {"sender": SENDER, "to": "duty@csirt.mx.example.org", "subject": "Please confirm you are reachable"}
    fields.update(overrides)
    return mime.Envelope(**fields)


def parse(raw: bytes) -> email.message.EmailMessage:
    return BytesParser(policy=email.policy.default).parsebytes(raw)


def content_of(part) -> str:
    """The decoded content, line ends normalised (the parser keeps the wire's CRLF)."""
    return part.get_content().replace("\r\n", "\n").rstrip("\n")


def lines_of(raw: bytes) -> list[bytes]:
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


def test_text_and_html_become_a_multipart_alternative_with_plain_first():
    raw = mime.build(
        envelope(), [mime.text_part("Dear desk,\nplease answer.\n", "plain"), mime.text_part("<p>Hi</p>", "html")]
    )
    message = parse(raw)
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert content_of(plain) == "Dear desk,\nplease answer."
    assert content_of(html) == "<p>Hi</p>"
    assert not message.defects and not plain.defects and not html.defects


def test_headers_name_sender_recipient_subject_date_and_a_message_id_on_the_sender_domain():
    message = parse(
        mime.build(envelope(extra_headers=(("Auto-Submitted", "auto-generated"),)), [mime.text_part("x", "plain")])
    )
    assert message["From"].addresses[0].display_name == "Enlace Secretaría"
    assert message["From"].addresses[0].addr_spec == "noreply@enlace.example.org"
    assert message["To"].addresses[0].addr_spec == "duty@csirt.mx.example.org"
    assert message["Subject"] == "Please confirm you are reachable"
    assert message["Date"].datetime is not None
    assert re.fullmatch(r"<[^@>]+@enlace\.example\.org>", message["Message-ID"])
    assert message["MIME-Version"] == "1.0"
    assert message["Auto-Submitted"] == "auto-generated"


def test_ascii_text_goes_as_7bit_and_accented_text_as_quoted_printable_utf8():
    plain = parse(mime.build(envelope(), [mime.text_part("plain words", "plain")]))
    accented = parse(mime.build(envelope(), [mime.text_part("Estimada Lucía: ¿está localizable? ✓", "plain")]))
    assert plain["Content-Transfer-Encoding"] == "7bit"
    assert accented["Content-Transfer-Encoding"] == "quoted-printable"
    assert accented.get_content_charset() == "utf-8"
    assert content_of(accented) == "Estimada Lucía: ¿está localizable? ✓"


def test_a_non_ascii_subject_is_encoded_and_decodes_back():
    raw = mime.build(
        envelope(subject="Directorio de la OEA: confirme que está localizable"), [mime.text_part("x", "plain")]
    )
    assert raw.isascii()
    assert parse(raw)["Subject"] == "Directorio de la OEA: confirme que está localizable"


def test_every_line_ends_in_crlf_and_none_is_longer_than_the_standard_allows():
    long_line = "a" * 3000
    raw = mime.build(
        envelope(subject=("word " * 40).strip()), [mime.text_part(f"{long_line}\n.leading dot\nFrom here", "plain")]
    )
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in lines_of(raw))
    assert content_of(parse(raw)) == f"{long_line}\n.leading dot\nFrom here"
    assert parse(raw)["Subject"] == ("word " * 40).strip()


def test_a_line_break_in_a_header_value_is_refused():
    with pytest.raises(mime.HeaderInjection):
        mime.build(envelope(subject="Hello\r\nBcc: victim@example.org"), [mime.text_part("x", "plain")])
    with pytest.raises(mime.HeaderInjection):
        mime.build(envelope(to="a@example.org\nBcc: b@example.org"), [mime.text_part("x", "plain")])


def test_an_internationalised_domain_is_written_in_idna():
    message = parse(mime.build(envelope(to="mesa@cancillería.example"), [mime.text_part("x", "plain")]))
    assert message["To"].addresses[0].domain == "xn--cancillera-s8a.example"


def test_a_pgp_mime_message_has_the_control_part_then_the_ciphertext():
    armored = "-----BEGIN PGP MESSAGE-----\n\nhQEMA...\n-----END PGP MESSAGE-----\n"
    raw = mime.build(envelope(), openpgp.pgp_mime_parts(armored), **openpgp.PGP_MIME_MULTIPART)
    message = parse(raw)
    assert message.get_content_type() == "multipart/encrypted"
    assert message.get_param("protocol") == "application/pgp-encrypted"
    control, payload = message.iter_parts()
    assert control.get_content_type() == "application/pgp-encrypted"
    assert control.get_payload().strip() == "Version: 1"
    assert payload.get_content_type() == "application/octet-stream"
    assert payload.get_payload().replace("\r\n", "\n") == armored.rstrip("\n")
