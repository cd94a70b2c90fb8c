"""What an upload to a lesson really is, read from its bytes: an image by its magic number, a file by the
repository's own checks (PDF without active content, office documents without macros)."""

from dataclasses import dataclass

from django.core.files import File
from django.utils.translation import gettext as _

from learning.choices import AttachmentKind
from repository import files as repository_files

# The signatures of the image formats every browser shows. SVG is not among them: it can carry scripts.
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png", "image/png"),
    (b"\xff\xd8\xff", "jpg", "image/jpeg"),
    (b"GIF87a", "gif", "image/gif"),
    (b"GIF89a", "gif", "image/gif"),
)


@dataclass(frozen=True)
class UploadKind:
    extension: str
    content_type: str


class UnacceptableUpload(ValueError):
    """The upload is refused; the message says why."""


def _image_kind(head: bytes) -> UploadKind | None:
    for signature, extension, content_type in IMAGE_SIGNATURES:
        if head.startswith(signature):
            return UploadKind(extension, content_type)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return UploadKind("webp", "image/webp")
    return None


def identify(upload: File, kind: str) -> UploadKind:
    if upload.size > repository_files.max_upload_bytes():
        raise UnacceptableUpload(_("The file is too large."))
    if kind == AttachmentKind.IMAGE:
        upload.seek(0)
        found = _image_kind(upload.read(16))
        upload.seek(0)
        if found is None:
            raise UnacceptableUpload(_("This file is not a PNG, JPEG, GIF or WebP image, whatever its name says."))
        return found
    try:
        file_kind = repository_files.identify(upload)
    except repository_files.UnacceptableFile as refusal:
        raise UnacceptableUpload(str(refusal)) from None
    return UploadKind(file_kind.extension, file_kind.content_type)
