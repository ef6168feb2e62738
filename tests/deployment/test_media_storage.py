"""Production keeps the uploads where the environment says: the shared MEDIA_ROOT by default,
an S3-compatible bucket with MEDIA_STORAGE=s3 (docs/deployment.md). The production settings
run in a subprocess; the S3 storage is built from them but never contacts a store. The other
cases ask ``media_storage()``, which production calls, in this process."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import media_storage
from tests.portal.test_deploy_settings import run_manage

SCRIPT = """
import json
from django.conf import settings
from django.core.files.storage import storages

storage = storages["default"]
print("RESULT" + json.dumps({
    "default": settings.STORAGES["default"],
    "class": f"{type(storage).__module__}.{type(storage).__name__}",
    "media_root": str(settings.MEDIA_ROOT),
    "attributes": {name: getattr(storage, name, None) for name in (
        "bucket_name", "endpoint_url", "region_name", "addressing_style", "location",
        "default_acl", "querystring_auth", "querystring_expire", "file_overwrite",
        "access_key", "secret_key")},
}))
"""

S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "samverkan-media",
    "AWS_S3_ENDPOINT_URL": "https://minio.example.se:9000",
    "AWS_S3_REGION_NAME": "eu-north-1",
    "AWS_S3_ADDRESSING_STYLE": "path",
    "AWS_LOCATION": "uploads",
    "AWS_ACCESS_KEY_ID": "portal-key",
    "AWS_SECRET_ACCESS_KEY": "portal-secret",
}


def production_storage(**env: str) -> dict:
    result = run_manage("shell", "-c", SCRIPT, extra_env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("RESULT")]
    return json.loads(line.removeprefix("RESULT"))


def test_uploads_go_to_the_shared_media_root_by_default(monkeypatch):
    monkeypatch.delenv("MEDIA_STORAGE", raising=False)
    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    monkeypatch.setenv("MEDIA_STORAGE", "filesystem")
    assert media_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_media_storage_s3_builds_a_private_bucket_storage_from_the_environment():
    result = production_storage(**S3_ENV)
    assert result["default"] == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "samverkan-media",
            "endpoint_url": "https://minio.example.se:9000",
            "region_name": "eu-north-1",
            "addressing_style": "path",
            "location": "uploads",
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "signature_version": "s3v4",
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
    assert result["class"] == "storages.backends.s3.S3Storage"  # every option accepted
    attributes = result["attributes"]
    assert attributes["bucket_name"] == "samverkan-media"
    assert attributes["default_acl"] == "private"
    assert (attributes["querystring_auth"], attributes["file_overwrite"]) == (True, False)
    # The keys come from the environment into the storage, never into the settings.
    assert (attributes["access_key"], attributes["secret_key"]) == ("portal-key", "portal-secret")
    assert "portal-secret" not in json.dumps(result["default"])


def test_an_empty_acl_sends_none_for_buckets_without_acls(monkeypatch):
    for name, value in {**S3_ENV, "AWS_DEFAULT_ACL": ""}.items():
        monkeypatch.setenv(name, value)
    assert media_storage()["OPTIONS"]["default_acl"] is None


def test_a_missing_bucket_or_an_unknown_store_refuses_to_start(monkeypatch):
    monkeypatch.setenv("MEDIA_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        media_storage()
    monkeypatch.setenv("MEDIA_STORAGE", "nfs")
    with pytest.raises(ImproperlyConfigured, match="'filesystem' \\(the default\\) or 's3'"):
        media_storage()
