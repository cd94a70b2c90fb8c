"""The four standardised templates every directory starts with, as data.

Their texts are English msgids marked with ``gettext_noop`` so that
``makemessages`` puts them in the catalogue; they are stored in English and
translated when shown (``communication_templates.fields.localize``), in the reader's
language. Urgency and the TLP label are not template fields: they belong to the
communication's envelope, which Enlace always keeps.

``install_defaults()`` only adds the templates a directory lacks (by key): it
never touches a template a manager has revised, so it can run any number of
times. A changed default here reaches existing directories only through a
revision (a new version), never by rewriting one.
"""

from django.utils.translation import gettext_noop

from communication_templates.fields import FieldType

INCIDENT_NOTIFICATION = "incident-notification"
REQUEST_FOR_ASSISTANCE = "request-for-assistance"
REQUEST_FOR_INFORMATION = "request-for-information"
ANSWER = "answer"


def _text(msgid: str) -> dict:
    return {"en": msgid}


def _choice(value: str, label: str) -> dict:
    return {"value": value, "label": _text(label)}


def _field(name: str, kind: FieldType, label: str, *, required: bool = False, help_text: str = "", choices=()) -> dict:
    data = {"name": name, "type": kind.value, "required": required, "label": _text(label)}
    if help_text:
        data["help_text"] = _text(help_text)
    if choices:
        data["choices"] = list(choices)
    return data


def _needed_by(label: str, help_text: str) -> dict:
    return _field("needed_by", FieldType.DATETIME_UTC, label, help_text=help_text)


INCIDENT_FIELDS = [
    _field(
        "incident_start",
        FieldType.DATETIME_UTC,
        gettext_noop("Incident start (UTC)"),
        required=True,
        help_text=gettext_noop("When the incident began, as far as you know, in UTC."),
    ),
    _field(
        "detected_at",
        FieldType.DATETIME_UTC,
        gettext_noop("Detected at (UTC)"),
        required=True,
        help_text=gettext_noop("When your team detected the incident, in UTC."),
    ),
    _field(
        "incident_type",
        FieldType.CHOICE,
        gettext_noop("Incident type"),
        required=True,
        help_text=gettext_noop("The closest type; describe it further below if none fits well."),
        choices=[
            _choice("malware", gettext_noop("Malware or ransomware")),
            _choice("ddos", gettext_noop("Denial of service (DDoS)")),
            _choice("intrusion", gettext_noop("Intrusion or unauthorised access")),
            _choice("phishing", gettext_noop("Phishing or social engineering")),
            _choice("data_breach", gettext_noop("Data breach")),
            _choice("vulnerability", gettext_noop("Exploited or critical vulnerability")),
            _choice("other", gettext_noop("Another type of incident")),
        ],
    ),
    _field(
        "affected_sectors",
        FieldType.MULTIPLE_CHOICE,
        gettext_noop("Affected sectors"),
        required=True,
        help_text=gettext_noop("Every sector affected so far."),
        choices=[
            _choice("energy", gettext_noop("Energy")),
            _choice("finance", gettext_noop("Banking and finance")),
            _choice("health", gettext_noop("Health")),
            _choice("telecoms", gettext_noop("Telecommunications and digital infrastructure")),
            _choice("transport", gettext_noop("Transport")),
            _choice("government", gettext_noop("Government services")),
            _choice("water", gettext_noop("Drinking water and waste water")),
            _choice("other", gettext_noop("Another sector")),
        ],
    ),
    _field(
        "systems_concerned",
        FieldType.LONG_TEXT,
        gettext_noop("Systems or services concerned"),
        required=True,
        help_text=gettext_noop("Which systems, networks or services are affected, and how."),
    ),
    _field(
        "link_to_recipient",
        FieldType.LONG_TEXT,
        gettext_noop("Connection with the recipient State"),
        help_text=gettext_noop(
            "Why you are contacting this State, for example traffic from its address space or affected services there."
        ),
    ),
    _field(
        "technical_indicators",
        FieldType.LONG_TEXT,
        gettext_noop("Technical indicators (summary)"),
        help_text=gettext_noop(
            "A summary of the indicators of compromise (addresses, domains, file hashes). "
            "Send full indicator sets over a mutually agreed secure channel."
        ),
    ),
    _field(
        "requested_action",
        FieldType.LONG_TEXT,
        gettext_noop("Requested action"),
        required=True,
        help_text=gettext_noop(
            "What you ask the recipient State to do, for example investigate, mitigate or share information."
        ),
    ),
]

ASSISTANCE_FIELDS = [
    _field(
        "reference",
        FieldType.SHORT_TEXT,
        gettext_noop("Related incident or reference"),
        help_text=gettext_noop("Your reference, or the date and type of the incident this request concerns."),
    ),
    _field(
        "assistance_types",
        FieldType.MULTIPLE_CHOICE,
        gettext_noop("Assistance requested"),
        required=True,
        choices=[
            _choice("analysis", gettext_noop("Technical analysis")),
            _choice("mitigation", gettext_noop("Mitigation or containment")),
            _choice("takedown", gettext_noop("Taking down or blocking malicious infrastructure")),
            _choice("information", gettext_noop("Sharing information")),
            _choice("law_enforcement", gettext_noop("Law enforcement cooperation")),
            _choice("other", gettext_noop("Other assistance")),
        ],
    ),
    _field(
        "description",
        FieldType.LONG_TEXT,
        gettext_noop("Description of the assistance requested"),
        required=True,
        help_text=gettext_noop("What you need, from whom if you know, and what has been done so far."),
    ),
    _field("incident_ongoing", FieldType.YES_NO, gettext_noop("Is the incident still ongoing?"), required=True),
    _needed_by(
        gettext_noop("Assistance needed by (UTC)"),
        gettext_noop("Leave empty if there is no particular deadline."),
    ),
]

INFORMATION_FIELDS = [
    _field("subject", FieldType.SHORT_TEXT, gettext_noop("Subject"), required=True),
    _field(
        "reference",
        FieldType.SHORT_TEXT,
        gettext_noop("Related communication or reference"),
        help_text=gettext_noop("The communication or event your questions are about, if any."),
    ),
    _field(
        "questions",
        FieldType.LONG_TEXT,
        gettext_noop("Questions"),
        required=True,
        help_text=gettext_noop("One question per paragraph, as precise as you can make them."),
    ),
    _needed_by(
        gettext_noop("Answer needed by (UTC)"),
        gettext_noop("Leave empty if there is no particular deadline."),
    ),
]

ANSWER_FIELDS = [
    _field(
        "request_status",
        FieldType.CHOICE,
        gettext_noop("Status of the request"),
        required=True,
        choices=[
            _choice("met", gettext_noop("Request met")),
            _choice("in_progress", gettext_noop("Work in progress")),
            _choice("partly_met", gettext_noop("Request partly met")),
            _choice("cannot_be_met", gettext_noop("Request cannot be met")),
        ],
    ),
    _field("answer", FieldType.LONG_TEXT, gettext_noop("Text of the answer"), required=True),
    _field(
        "actions_taken",
        FieldType.LONG_TEXT,
        gettext_noop("Actions taken"),
        help_text=gettext_noop("What your State has done about the request so far."),
    ),
    _field(
        "follow_up_contact",
        FieldType.SHORT_TEXT,
        gettext_noop("Contact for follow-up"),
        help_text=gettext_noop("Who to contact about this answer, if not the sender."),
    ),
]

# (key, kind, title, fixed text, fields), in the order they are listed.
DEFAULT_TEMPLATES = [
    (
        INCIDENT_NOTIFICATION,
        "incident_notification",
        gettext_noop("ICT incident notification"),
        gettext_noop(
            "This is a notification of an ICT incident, sent through the points-of-contact directory. "
            "Please acknowledge receipt. Confidential details are exchanged only over mutually agreed channels."
        ),
        INCIDENT_FIELDS,
    ),
    (
        REQUEST_FOR_ASSISTANCE,
        "request_for_assistance",
        gettext_noop("Request for assistance"),
        gettext_noop(
            "This is a request for assistance with an ICT incident, sent through the points-of-contact directory. "
            "Please acknowledge receipt and answer with the answer template."
        ),
        ASSISTANCE_FIELDS,
    ),
    (
        REQUEST_FOR_INFORMATION,
        "request_for_information",
        gettext_noop("Request for information or clarification"),
        gettext_noop(
            "This is a request for information or clarification about an ICT incident, sent through the "
            "points-of-contact directory. Please acknowledge receipt and answer with the answer template."
        ),
        INFORMATION_FIELDS,
    ),
    (
        ANSWER,
        "answer",
        gettext_noop("Answer to a communication"),
        gettext_noop("This is an answer to an earlier communication sent through the points-of-contact directory."),
        ANSWER_FIELDS,
    ),
]


def install_defaults(directory_id: int, template_model, version_model) -> int:
    """Add the standard templates ``directory_id`` lacks; returns how many were added.

    Takes the model classes so that a data migration can pass its historical models.
    """
    present = set(template_model.objects.filter(directory_id=directory_id).values_list("key", flat=True))
    added = 0
    for key, kind, title, fixed_text, fields in DEFAULT_TEMPLATES:
        if key in present:
            continue
        template = template_model.objects.create(directory_id=directory_id, kind=kind, key=key)
        version_model.objects.create(
            template=template, number=1, title=_text(title), fixed_text=_text(fixed_text), fields=fields
        )
        added += 1
    return added
