"""The same media tests against S3-compatible object storage: a local moto server started by
the test (django-storages' S3Storage over boto3, configured as ANJIAN_S3_* would)."""

import hashlib

import pytest

from anjian.core.records import require_av_record
from anjian.enforcement.tests.conftest import make_finding
from anjian.enforcement.tests.helpers import decided

from .test_records import MP4, upload_all

moto_server = pytest.importorskip("moto.server", reason="moto (dev dependency) not installed")

BUCKET = "anjian-records-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(settings, s3_endpoint):
    import boto3

    options = {
        "bucket_name": BUCKET, "endpoint_url": s3_endpoint, "region_name": "us-east-1",
        "access_key": "test", "secret_key": "test", "location": "records",
        "addressing_style": "path", "default_acl": None, "file_overwrite": False,
    }  # fmt: skip
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1",
                          aws_access_key_id="test", aws_secret_access_key="test")  # fmt: skip
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "records": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    return client


def test_media_stored_in_object_storage_verified_and_played(world, s3, client):
    case = decided(world, make_finding(world))
    rec = upload_all(world.inspector, case)
    key = f"records/{rec.file.name}"
    obj = s3.get_object(Bucket=BUCKET, Key=key)
    body = obj["Body"].read()
    assert body == MP4 and hashlib.sha256(body).hexdigest() == rec.sha256
    require_av_record(case, "seizure")
    client.force_login(world.inspector)
    part = client.get(f"/records/{rec.pk}/file", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and b"".join(part.streaming_content) == MP4[100:200]
    full = client.get(f"/records/{rec.pk}/file")
    assert b"".join(full.streaming_content) == MP4
