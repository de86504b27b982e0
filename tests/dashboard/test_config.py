"""The app's configuration sets the upload limit and static serving explicitly."""

from __future__ import annotations

import tomllib
from pathlib import Path

from geodata.upload import limits

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_upload_limit_is_set_explicitly_and_matches_the_reader():
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == 50
    assert config["server"]["enableStaticServing"] is True
    assert config["browser"]["gatherUsageStats"] is False
    assert limits.MAX_UPLOAD_BYTES == 50 * 1024 * 1024
