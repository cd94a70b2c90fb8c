"""What happens to a working group's documents: an upload is checked by its content as the repository's are
(``repository.files``: the kinds accepted, the size limit, no active content), stored under a random name, and
nothing at all is stored when it is refused; a deleted document takes its file with it."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from repository import files
from working_groups.models import WorkingGroup
from working_groups.space_models import GroupDocument


def upload(
    group: WorkingGroup, *, upload: UploadedFile, title: str, language: str, description: str = "", by=None
) -> GroupDocument:
    """Keep the file as a document of the group; raises ``files.UnacceptableFile`` (and stores nothing) when the
    file is not what the repository accepts, whatever its name says."""
    kind = files.identify(upload)
    document = GroupDocument(
        group=group,
        title=title,
        language=language,
        description=description,
        file_type=kind.extension,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save(f"upload.{kind.extension}", upload, save=False)
    try:
        document.save()
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


def delete(document: GroupDocument) -> None:
    """Delete the document, and its file once the deletion is committed."""
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))
