from __future__ import annotations

import io
import zipfile

import pytest

from geodata.upload.limits import (
    MAX_MEMBERS,
    MAX_UPLOAD_BYTES,
    UPLOAD_LIMIT_TEXT,
    check_archive,
    check_upload_size,
    open_archive,
    read_user_file,
    unsafe_member_reason,
)
from geodata.upload.report import UploadRejectedError


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return buffer.getvalue()


def test_upload_size_limit():
    check_upload_size(b"x" * 100, filename="f")
    with pytest.raises(UploadRejectedError) as exc:
        check_upload_size(b"x" * (MAX_UPLOAD_BYTES + 1), filename="f")
    assert "50 MB" in exc.value.messages[0].message


@pytest.mark.parametrize(
    "name", ["../x.csv", "a/../../x.csv", "/etc/passwd", "C:/x.csv", "..\\x.csv"]
)
def test_unsafe_member_names(name):
    assert unsafe_member_reason(name)


@pytest.mark.parametrize("name", ["a.csv", "map/sub/a.shp", "a..b.csv"])
def test_safe_member_names(name):
    assert unsafe_member_reason(name) is None


def test_archive_is_read_in_memory_and_junk_ignored():
    archive = open_archive(
        _zip({"data/a.csv": b"x;y\n", "__MACOSX/._a.csv": b"junk"}), filename="z"
    )
    assert archive.members == {"data/a.csv": b"x;y\n"}
    assert archive.ignored == ("__MACOSX/._a.csv",)


def test_traversal_member_refused():
    with pytest.raises(UploadRejectedError, match="onveilige"):
        open_archive(_zip({"../evil.csv": b"x"}), filename="z")


def test_too_many_members_refused():
    data = _zip({f"{i}.csv": b"x" for i in range(MAX_MEMBERS + 1)})
    with pytest.raises(UploadRejectedError, match="grens is 50"):
        open_archive(data, filename="z")


def test_zip_bomb_refused_by_ratio_without_unpacking():
    data = _zip({"bom.csv": b"0" * (20 * 1024 * 1024)})
    assert len(data) < 100_000
    with pytest.raises(UploadRejectedError, match="zipbom"):
        open_archive(data, filename="z")
    with pytest.raises(UploadRejectedError, match="zipbom"):
        check_archive(data, filename="z")


def test_small_highly_compressible_member_is_fine():
    archive = open_archive(_zip({"a.csv": b"0" * 500_000}), filename="z")
    assert len(archive.members["a.csv"]) == 500_000


def test_one_limit_in_bytes_and_words(tmp_path):
    """The reader/CLI limit is the widget's: 50 MB of 1,000,000 bytes, said in Dutch (issue 16)."""
    assert MAX_UPLOAD_BYTES == 50_000_000
    at_limit = tmp_path / "precies.csv"
    with at_limit.open("wb") as handle:
        handle.truncate(MAX_UPLOAD_BYTES)
    assert len(read_user_file(at_limit)) == MAX_UPLOAD_BYTES
    over = tmp_path / "te-groot.csv"
    with over.open("wb") as handle:
        handle.truncate(49 * 1024 * 1024)  # 51.4 MB: the widget refuses it, so must the reader
    with pytest.raises(UploadRejectedError) as refused:
        read_user_file(over)
    text = str(refused.value)
    assert "51,4 MB" in text
    assert f"de grens is {UPLOAD_LIMIT_TEXT} per bestand" in text
    assert "MiB" not in text
