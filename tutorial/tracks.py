"""The tours: for each kind of role, the steps a new user walks through, in the product's own pages.

Each step says what to do and why, shows a figure (a drawing without words, described by its alternative
text) and opens the real page of the product for this user: its own contact, its State, its directory. Which
tours a user is offered follows from its roles alone (no query); the addresses of its pages are looked up
only on the tour's own pages.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from access.principal import Principal
from directory.models import Contact, Directory, State
from tutorial.choices import Track


class Places:
    """Where a user's own pages are: its contact, the first State it coordinates, the first directory it
    manages. Each is looked up once, when a step asks for it."""

    def __init__(self, principal: Principal):
        self.principal = principal

    @cached_property
    def contact_code(self) -> str | None:
        if self.principal.contact_id is None:
            return None
        return str(Contact.objects.filter(pk=self.principal.contact_id).values_list("code", flat=True).first() or "")

    @cached_property
    def state_iso3(self) -> str | None:
        states = State.objects.filter(pk__in=self.principal.coordinated_state_ids).order_by("english_name")
        return states.values_list("iso3", flat=True).first()

    @cached_property
    def directory_slug(self) -> str | None:
        directories = Directory.objects.filter(pk__in=self.principal.managed_directory_ids).order_by("pk")
        return directories.values_list("slug", flat=True).first()


def _page(name: str, place: str | None = None) -> Callable[[Places], str | None]:
    """The address of the page ``name``, for the user's own record ``place`` (its contact, State, directory)."""

    def address(places: Places) -> str | None:
        if place is None:
            return reverse(name)
        value = getattr(places, place)
        return reverse(name, args=[value]) if value else None

    return address


@dataclass(frozen=True)
class Step:
    key: str
    title: object  # lazy translations, read in the reader's language
    what: object
    why: object
    figure: str  # a drawing under static/tutorial/figures/
    figure_alt: object
    page: Callable[[Places], str | None]
    page_name: object  # the page the button opens, said in the button's accessible name


POINT_OF_CONTACT_STEPS = [
    Step(
        key="contact",
        title=_("Check your contact details"),
        what=_(
            "Open your contact page and read each line: your name, title, institution, e-mail addresses, "
            "telephone numbers and operating languages. If anything is wrong or missing, correct it."
        ),
        why=_(
            "Counterparts in other States use these details to reach you during an incident: a wrong "
            "telephone number can cost hours when minutes count."
        ),
        figure="contact.svg",
        figure_alt=_(
            "A contact card: a portrait, lines for the name and institution, a telephone and an envelope, "
            "and the edit button highlighted."
        ),
        page=_page("directory:contact", "contact_code"),
        page_name=_("your contact page"),
    ),
    Step(
        key="openpgp",
        title=_("Add your OpenPGP key"),
        what=_(
            "On the edit page of your contact, paste your OpenPGP public key as your encryption software "
            "exports it, and save. Enlace shows its fingerprint and the date it expires: renew it before then."
        ),
        why=_(
            "The messages Enlace sends you, such as ping tests and notices of communications, are encrypted "
            "to this key, so that only you can read them."
        ),
        figure="openpgp.svg",
        figure_alt=_("A key beside a padlocked envelope: the message is locked with your public key."),
        page=_page("directory:contact_edit", "contact_code"),
        page_name=_("the edit page of your contact"),
    ),
    Step(
        key="ping",
        title=_("Confirm a ping test"),
        what=_(
            "Your directory's manager checks regularly, usually twice a year, that every point of contact "
            "can be reached. When a ping test reaches you, follow the link in its message or open My ping "
            "tests, and confirm that you received it and that your details are current."
        ),
        why=_("A ping test left unconfirmed counts your State as unreachable in the manager's report."),
        figure="ping.svg",
        figure_alt=_("A message travels from the directory to a point of contact, who sends back a tick."),
        page=_page("pings:mine"),
        page_name=_("My ping tests"),
    ),
    Step(
        key="acknowledge",
        title=_("Acknowledge a communication within 72 hours"),
        what=_(
            "The communications that wait for you are listed under Needs action. Open one, read it and "
            "acknowledge it: the sender then knows that a person has received it."
        ),
        why=_(
            "Technical points of contact acknowledge within 72 hours. Acknowledging says that the message "
            "arrived; the answer can follow once you have consulted the right people."
        ),
        figure="acknowledge.svg",
        figure_alt=_("An opened envelope with a tick, and a clock showing that time is running."),
        page=_page("communications:needs_action"),
        page_name=_("the communications that need action"),
    ),
    Step(
        key="answer",
        title=_("Answer within 15 days"),
        what=_(
            "Open the communication again and write your answer in the form its template gives. Share "
            "confidential details only over the channel agreed with the other State, a secure one where "
            "appropriate."
        ),
        why=_(
            "Diplomatic points of contact answer within 15 days. Enlace shows each deadline, and a "
            "communication left without an answer may be escalated to the next person who can act."
        ),
        figure="answer.svg",
        figure_alt=_("Two speech bubbles between two States, and a calendar marking the deadline."),
        page=_page("communications:needs_action"),
        page_name=_("the communications that need action"),
    ),
]

COORDINATOR_STEPS = [
    Step(
        key="state",
        title=_("Check your State's data"),
        what=_(
            "Your State's page lists its institutions, its contacts and their nominations in each directory. "
            "Check that every role is filled and every contact is current; nominate or retire contacts as "
            "people change posts."
        ),
        why=_(
            "Other States and the directories' managers rely on your nominations. Review them at least once "
            "a year, and whenever someone leaves."
        ),
        figure="state.svg",
        figure_alt=_("An organisation chart of institutions and contacts, with one missing place highlighted."),
        page=_page("directory:state_manage", "state_iso3"),
        page_name=_("your State's page"),
    ),
    Step(
        key="invite",
        title=_("Invite a colleague"),
        what=_(
            "On your State's user accounts page, enter your colleague's e-mail address, choose the role and, "
            "for a point of contact, the contact record that is theirs. Enlace e-mails them a link to create "
            "their account."
        ),
        why=_(
            "Each person signs in with an account of their own: accounts are never shared, so that every "
            "action is recorded under the name of whoever took it."
        ),
        figure="invite.svg",
        figure_alt=_("A person adds a second person, and an envelope carries the invitation to them."),
        page=_page("accounts:state_users", "state_iso3"),
        page_name=_("your State's user accounts"),
    ),
    Step(
        key="document",
        title=_("Add a policy document"),
        what=_(
            "In the repository, add your State's strategies, laws and policies: the document's name, a short "
            "description, the responsible institutions, the date it entered into force and a link or a file. "
            "Choose who may read it."
        ),
        why=_(
            "The repository lets other States find your national framework, and shows how your State "
            "implements the confidence-building measures."
        ),
        figure="document.svg",
        figure_alt=_("A document with a seal placed on a shelf of other documents."),
        page=_page("repository:create", "state_iso3"),
        page_name=_("the form for a new document"),
    ),
    Step(
        key="communications",
        title=_("Follow your State's communications"),
        what=_(
            "You see the communications sent to and from your State. Check under Needs action that each one "
            "is acknowledged within 72 hours and answered within 15 days, and act yourself when a point of "
            "contact cannot."
        ),
        why=_(
            "If the technical points of contact cannot communicate, the diplomatic channel carries the "
            "exchange: you make sure that nothing is left waiting."
        ),
        figure="acknowledge.svg",
        figure_alt=_("An opened envelope with a tick, and a clock showing that time is running."),
        page=_page("communications:needs_action"),
        page_name=_("the communications that need action"),
    ),
]

MANAGER_STEPS = [
    Step(
        key="ping-round",
        title=_("Run a ping test round"),
        what=_(
            "Open the directory's ping tests and start a new round. Enlace shows who will be pinged before "
            "you start; each nominated contact then receives a message to confirm, and you can record an "
            "answer received by telephone."
        ),
        why=_(
            "A ping test round checks, usually every six months, that each point of contact can be reached "
            "and that its details are current."
        ),
        figure="ping.svg",
        figure_alt=_("A message travels from the directory to a point of contact, who sends back a tick."),
        page=_page("pings:rounds", "directory_slug"),
        page_name=_("the directory's ping tests"),
    ),
    Step(
        key="reports",
        title=_("Read the reports"),
        what=_(
            "The results of the ping tests show who confirmed, round by round, by role, region and State; "
            "the communications' statistics show how quickly States acknowledge and answer. Publish the "
            "anonymised report when it is ready."
        ),
        why=_(
            "Each State's results are for you and for that State only; anonymised response rates may be "
            "shared with the working group."
        ),
        figure="reports.svg",
        figure_alt=_("A bar chart of response rates beside a magnifying glass."),
        page=_page("ping_reports:results", "directory_slug"),
        page_name=_("the results of the ping tests"),
    ),
    Step(
        key="nominations",
        title=_("Review the nominations"),
        what=_(
            "The directory's nominations list every contact the States nominated, by role. Look for roles "
            "left empty and for contacts whose details have not been confirmed for a long time, and ask the "
            "States' coordinators to act."
        ),
        why=_("A directory is only as useful as its least current nomination."),
        figure="state.svg",
        figure_alt=_("An organisation chart of institutions and contacts, with one missing place highlighted."),
        page=_page("directory:manager_nominations", "directory_slug"),
        page_name=_("the directory's nominations"),
    ),
    Step(
        key="settings",
        title=_("Manage the directory's settings"),
        what=_(
            "The settings hold the directory's name and description, what its public page shows and each "
            "feature's rules, such as how often ping tests run. Every section is saved together."
        ),
        why=_(
            "What you choose here applies to every State of the directory: change it with the working group's "
            "agreement."
        ),
        figure="settings.svg",
        figure_alt=_("A panel of switches and sliders, one of them being turned on."),
        page=_page("directory:settings", "directory_slug"),
        page_name=_("the directory's settings"),
    ),
]

STEPS = {
    Track.POINT_OF_CONTACT: POINT_OF_CONTACT_STEPS,
    Track.COORDINATOR: COORDINATOR_STEPS,
    Track.MANAGER: MANAGER_STEPS,
}

# What each tour is for, on the help page.
SUMMARIES = {
    Track.POINT_OF_CONTACT: _(
        "Your contact details and OpenPGP key, ping tests, and the deadlines to acknowledge and answer communications."
    ),
    Track.COORDINATOR: _(
        "Your State's nominations, your colleagues' accounts, the policy repository and your State's communications."
    ),
    Track.MANAGER: _("Ping test rounds, the reports, the directory's nominations and its settings."),
}


def tracks_for(principal: Principal) -> list[Track]:
    """The tours of the user's roles, the one of its narrowest role first (read from its roles: no query)."""
    tracks = []
    if principal.is_point_of_contact:
        tracks.append(Track.POINT_OF_CONTACT)
    if principal.is_coordinator:
        tracks.append(Track.COORDINATOR)
    if principal.is_manager:
        tracks.append(Track.MANAGER)
    return tracks
