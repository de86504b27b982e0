"""Work sets: a session's uploads kept on the server under an unguessable id (issue 11)."""

from __future__ import annotations

import stat
import time

import pandas as pd
import pytest

from layers.uploads import (
    UploadedIndicator,
    WorkSet,
    WorkSetTooLargeError,
    is_token,
    load_workset,
    new_token,
    save_workset,
    template_bytes,
)
from layers.uploads.workset import MAX_WORKSET_BYTES, WORKSET_TTL_DAYS

POINTS = pd.DataFrame(
    {
        "lon": [4.4, 3.7],
        "lat": [51.2, 51.05],
        "naam": ["Kring", "Plein"],
        "gemeente_code": ["11002", None],
    }
)
INDICATOR = UploadedIndicator(
    name="Leden <b>", filename="leden.csv", level="gemeente",
    values=pd.DataFrame({"code": ["11002", "44021"], "value": [352.0, 250.0]}),
    unit="aantal", direction=-1, theme="ontmoeting",
)  # fmt: skip


def test_tokens_are_unguessable_and_checked():
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(is_token(t) and len(t) == 32 for t in tokens)
    for bad in ("", "../../etc/passwd", "a" * 31, "a" * 33, "abc/def" + "a" * 25, None, 5):
        assert not is_token(bad)


def test_round_trip_of_points_indicators_and_inventory(tmp_path, resolver):
    from layers.initiatives import read_inventory

    name, data = template_bytes("initiatieven")
    inventory, _ = read_inventory(data, filename=name, resolver=resolver)
    token = new_token()
    save_workset(tmp_path, token, WorkSet(meeting_places=POINTS, inventory=inventory,
                                           indicators=(INDICATOR,)))  # fmt: skip
    back, problem = load_workset(tmp_path, token)
    assert problem is None and back is not None
    pd.testing.assert_frame_equal(back.meeting_places, POINTS, check_dtype=False)
    assert back.stops is None
    assert back.indicators[0].id == INDICATOR.id
    assert back.indicators[0].direction == -1
    pd.testing.assert_frame_equal(back.indicators[0].values, INDICATOR.values)
    assert back.inventory["doelgroepen"].iloc[0] == inventory["doelgroepen"].iloc[0]
    assert back.inventory["geldig"].dtype == bool
    assert pd.isna(back.inventory["lat"].iloc[0]) == pd.isna(inventory["lat"].iloc[0])


def test_written_atomically_private_and_not_listable(tmp_path):
    token = new_token()
    save_workset(tmp_path / "werksets", token, WorkSet(meeting_places=POINTS))
    folder = tmp_path / "werksets"
    assert [p.name for p in folder.iterdir()] == [f"{token}.json"]  # no temporary file left
    assert stat.S_IMODE((folder / f"{token}.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # an emptied work set is deleted
    save_workset(folder, token, WorkSet())
    assert not list(folder.iterdir())


def test_gone_expired_invalid_and_damaged_links_say_why(tmp_path):
    assert load_workset(tmp_path, new_token()) == (None, "weg")
    assert load_workset(tmp_path, "../geheim") == (None, "ongeldig")
    old = new_token()
    past = time.time() - (WORKSET_TTL_DAYS + 1) * 86400
    save_workset(tmp_path, old, WorkSet(meeting_places=POINTS), now=past)
    assert load_workset(tmp_path, old) == (None, "verlopen")
    assert not (tmp_path / f"{old}.json").exists()
    broken = new_token()
    (tmp_path / f"{broken}.json").write_text("{niet json")
    assert load_workset(tmp_path, broken) == (None, "onleesbaar")


def test_saving_purges_expired_work_sets_of_others(tmp_path):
    old = new_token()
    save_workset(tmp_path, old, WorkSet(meeting_places=POINTS), now=time.time() - 8 * 86400)
    save_workset(tmp_path, new_token(), WorkSet(meeting_places=POINTS))
    assert not (tmp_path / f"{old}.json").exists()


def test_too_large_a_work_set_is_refused_in_dutch(tmp_path, monkeypatch):
    monkeypatch.setattr("layers.uploads.workset.MAX_WORKSET_BYTES", 100)
    with pytest.raises(WorkSetTooLargeError, match="te groot"):
        save_workset(tmp_path, new_token(), WorkSet(meeting_places=POINTS))
    assert not list(tmp_path.iterdir())
    assert MAX_WORKSET_BYTES > 1024 * 1024
