"""The derived-frame cache: built once, read back identical, rebuilt when unreadable."""

from __future__ import annotations

import pandas as pd
from pandas.testing import assert_frame_equal

from geodata.derived import cached_frame, store_fingerprint


def test_frame_is_built_once_and_read_back(tmp_path):
    calls = []

    def build():
        calls.append(1)
        return pd.DataFrame({"code": ["11002", "44021"], "value": [1.5, float("nan")]})

    first = cached_frame(tmp_path, "t", "key1", build)
    second = cached_frame(tmp_path, "t", "key1", build)
    assert len(calls) == 1
    assert_frame_equal(first, second)


def test_new_key_replaces_old_file_and_corrupt_file_is_rebuilt(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    cached_frame(tmp_path, "t", "key1", lambda: frame)
    cached_frame(tmp_path, "t", "key2", lambda: frame)
    assert [p.name for p in tmp_path.glob("t-*.parquet")] == ["t-key2.parquet"]
    (tmp_path / "t-key2.parquet").write_bytes(b"not parquet")
    assert cached_frame(tmp_path, "t", "key2", lambda: frame)["a"].tolist() == [1]


def test_unwritable_cache_still_returns_the_frame(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    out = cached_frame(blocker / "sub", "t", "k", lambda: pd.DataFrame({"a": [2]}))
    assert out["a"].tolist() == [2]


def test_store_fingerprint_is_recorded(store_path):
    assert len(store_fingerprint(store_path)) == 64


def test_keys_differing_only_at_the_end_are_different_entries(tmp_path):
    # the analysis cache key is store fingerprint + code digest: a code change changes its end
    store = "f" * 24
    cached_frame(tmp_path, "t", store + "a" * 24, lambda: pd.DataFrame({"x": [1]}))
    second = cached_frame(tmp_path, "t", store + "b" * 24, lambda: pd.DataFrame({"x": [2]}))
    assert second["x"].tolist() == [2]
