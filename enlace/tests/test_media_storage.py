"""Uploaded files on the file system of one machine, or in an object store every machine shares (MEDIA_STORAGE)."""

import os
import subprocess
import sys

# What a fresh process with the environment makes of the default storage (no request leaves the machine).
READ_STORAGE = """
import django
django.setup()
from django.core.files.storage import storages
storage = storages['default']
print(type(storage).__name__, getattr(storage, "bucket_name", "-"), getattr(storage, "endpoint_url", "-"),
      getattr(storage, "default_acl", "-"), getattr(storage, "querystring_auth", "-"))
"""


def _storage_of(environment: dict) -> subprocess.CompletedProcess:
    names = ("MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL")
    env = {key: value for key, value in os.environ.items() if key not in names}
    env |= {"DJANGO_SETTINGS_MODULE": "enlace.settings", **environment}
    return subprocess.run([sys.executable, "-c", READ_STORAGE], env=env, capture_output=True, text=True, check=False)


def test_uploads_are_kept_on_the_file_system_by_default():
    assert _storage_of({}).stdout.split()[0] == "FileSystemStorage"


def test_media_storage_s3_keeps_uploads_in_a_private_bucket_of_the_endpoint_given():
    found = _storage_of(
        {
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "enlace-uploads",
            "AWS_S3_ENDPOINT_URL": "https://objects.example.int",
        }
    )
    assert found.stdout.split() == ["S3Storage", "enlace-uploads", "https://objects.example.int", "private", "True"]


def test_an_object_store_without_a_bucket_is_refused_at_start():
    found = _storage_of({"MEDIA_STORAGE": "s3"})
    assert found.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in found.stderr
