"""Issue 15 item 7: the content-addressed blob store on local files and on S3-compatible
object storage behave alike (the same contract, run against both), an upload to S3 streams
in parts without holding the file in memory, and a byte-range download reads only its range
from the bucket. The S3 server is moto's, on loopback (referencement/testing_s3.py)."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest
from django.urls import reverse

from conftest import login
from referencement.candidatures.testing import accepted, load_catalogues, pending
from referencement.evidence import actions
from referencement.evidence.expected import expected_items
from referencement.files.storage import blob_store
from referencement.lib.blobstore import TooLarge, blob_key

MIB = 1024 * 1024


@pytest.fixture(params=["local", "s3"])
def store(request, settings):
    if request.param == "s3":
        return request.getfixturevalue("s3_storage")
    settings.REFERENCEMENT_STORAGE = "local"
    return blob_store()


def put(store, data: bytes):
    writer = store.writer(len(data) + 1)
    for start in range(0, len(data), 1000):
        writer.write(data[start : start + 1000])
    pending = writer.finish()
    return pending, store.commit(pending)


def test_issue15_7_a_file_is_stored_under_its_sha256_and_read_back(store):
    data = b"%PDF-1.7 preuve\n" * 500
    pending, new = put(store, data)
    assert new is True
    assert pending.sha256 == hashlib.sha256(data).hexdigest()
    assert pending.content_type == "application/pdf"
    assert store.exists(pending.sha256)
    with store.open(pending.sha256) as handle:
        assert handle.read() == data
    assert [b.sha256 for b in store.blobs()] == [pending.sha256]


def test_issue15_7_the_same_content_is_written_once_and_never_overwritten(store):
    first, new = put(store, b"contenu identique")
    second, again = put(store, b"contenu identique")
    assert (new, again) == (True, False)
    assert second.temp_path is None  # the spooled copy is discarded
    assert len(list(store.blobs())) == 1
    assert not list(store.temp_dir.glob("upload-*"))


def test_issue15_7_a_file_past_the_limit_is_refused_and_nothing_kept(store):
    writer = store.writer(10)
    with pytest.raises(TooLarge):
        writer.write(b"x" * 11)
    assert list(store.blobs()) == []
    assert not list(store.temp_dir.glob("upload-*"))


def test_issue15_7_a_reader_seeks_and_reads_a_part(store):
    data = bytes(range(256)) * 64
    pending, _ = put(store, data)
    with store.open(pending.sha256) as handle:
        handle.seek(1000)
        assert handle.read(10) == data[1000:1010]
        assert handle.tell() == 1010
        handle.seek(-5, 2)
        assert handle.read() == data[-5:]


def test_issue15_7_a_local_copy_has_the_content_for_readers_that_need_a_path(store):
    pending, _ = put(store, b"PK\x03\x04 archive")
    with store.local_copy(pending.sha256) as path:
        assert path.read_bytes() == b"PK\x03\x04 archive"


def test_issue15_7_an_unknown_file_does_not_exist_and_does_not_open(store):
    missing = "0" * 64
    assert not store.exists(missing)
    with pytest.raises(FileNotFoundError):
        store.open(missing)


def test_issue15_7_delete_removes_an_orphan_file(store):
    pending, _ = put(store, b"orphelin")
    store.delete(pending.sha256)
    assert not store.exists(pending.sha256)


def test_issue15_7_a_30_mb_upload_to_s3_streams_in_parts_with_bounded_memory(s3_storage):
    size = 30 * MIB
    block = bytes(range(256)) * 256  # 64 KiB
    digest = hashlib.sha256()
    tracemalloc.start()
    try:
        writer = s3_storage.writer(size + 1)
        for _ in range(size // len(block)):
            writer.write(block)
            digest.update(block)
        pending = writer.finish()
        assert s3_storage.commit(pending) is True
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert pending.sha256 == digest.hexdigest()
    assert peak < 6 * MIB, f"pic mémoire {peak / MIB:.1f} Mio pour un fichier de 30 Mio"
    head = s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=blob_key(pending.sha256))
    assert head["ContentLength"] == size
    assert head["ETag"].strip('"').endswith("-4")  # a multipart upload of four parts


@pytest.mark.django_db
def test_issue15_7_a_byte_range_download_reads_only_its_range_from_s3(
    client, s3_storage, editor_member, instructor
):
    load_catalogues()
    candidature = accepted("MS2-DUI-PDE-Va1-SF", editor_member, instructor)
    video = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 4000
    code = expected_items(candidature)[0].code
    version = actions.deposit(
        candidature, code, actor=editor_member, pending=pending(video), filename="demo.mp4", text=""
    )
    key = blob_key(version.blob.sha256)
    assert s3_storage.client.head_object(Bucket=s3_storage.bucket, Key=key)["ContentLength"] == len(
        video
    )
    url = reverse("evidence:evidence_download", args=[candidature.pk, version.pk])
    response = login(client, editor_member).get(url, HTTP_RANGE="bytes=500000-500099")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 500000-500099/{len(video)}"
    assert b"".join(response.streaming_content) == video[500000:500100]
    whole = client.get(url)
    assert whole["Content-Length"] == str(len(video))
    assert b"".join(whole.streaming_content) == video
