"""A restored instance's smoke check: the rows are all there, a person signs in, the directories list their
points of contact, and every uploaded document a person may read downloads byte for byte as backed up.

It goes through the application itself (Django's test client: the middleware, the permission layer, the
views), not through the database alone. The row counts are read first: signing in writes rows (the
session, the sign-in log).
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from backups.archive import _count_differences, table_counts
from directory.models import Directory, Nomination
from repository.models import Document


@dataclass
class Observation:
    tables: dict[str, int]
    signed_in: bool = False
    directories: dict[str, dict] = field(default_factory=dict)
    documents: dict[str, dict] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "tables": self.tables,
            "signed_in": self.signed_in,
            "directories": self.directories,
            "documents": self.documents,
        }


def _host() -> str:
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return "localhost"
        return "www" + host if host.startswith(".") else host
    return "localhost"


def observe(email: str, password: str) -> Observation:
    """What the instance shows to the person with this address and password."""
    observation = Observation(tables=table_counts())
    client = Client(HTTP_HOST=_host(), secure=settings.HTTPS)
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    # With a second factor enrolled the password only leads to the code's page: the password was accepted all
    # the same, and the rest of the check reads as that person without the code.
    session = client.session
    observation.signed_in = response.status_code == 302 and (
        "_auth_user_id" in session or response.headers.get("Location", "").startswith(reverse("mfa_authenticate"))
    )
    if not observation.signed_in:
        return observation
    if "_auth_user_id" not in session:
        user = get_user_model().objects.get(emailaddress__email__iexact=email, emailaddress__verified=True)
        client.force_login(user, backend="accounts.backends.VerifiedAddressBackend")
    for directory in Directory.objects.order_by("slug"):
        page = client.get(directory.get_absolute_url())
        observation.directories[directory.slug] = {
            "status": page.status_code,
            "active_nominations": Nomination.objects.active().filter(directory=directory).count(),
        }
    for code, name in Document.objects.exclude(file="").order_by("code").values_list("code", "file"):
        download = client.get(reverse("repository:file", args=[code]))
        entry = {"file": name, "status": download.status_code}
        if download.status_code == 200:
            digest = hashlib.sha256()
            for chunk in download.streaming_content if download.streaming else [download.content]:
                digest.update(chunk)
            entry["sha256"] = digest.hexdigest()
        observation.documents[str(code)] = entry
    return observation


def compare(observation: Observation, manifest: dict) -> list[str]:
    """What the instance shows that differs from the backup it was restored from."""
    problems = _count_differences(observation.tables, manifest["tables"])
    if not observation.signed_in:
        problems.append("Signing in failed.")
        return problems
    for slug, seen in observation.directories.items():
        if seen["status"] >= 500:  # (a directory this reader may not open answers 404, as it should)
            problems.append(f"The directory {slug} answered {seen['status']}.")
    hashes = {entry["name"]: entry["sha256"] for entry in manifest["files"]}
    downloaded = 0
    for code, seen in observation.documents.items():
        if "sha256" not in seen:
            continue  # not for this reader
        downloaded += 1
        if hashes.get(seen["file"]) != seen["sha256"]:
            problems.append(f"The document {code} downloads different bytes from the backed-up {seen['file']}.")
    if observation.documents and not downloaded:
        problems.append("No document could be downloaded: sign in as someone who may read one.")
    return problems
