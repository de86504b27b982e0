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
    # Streamlit's browser widget counts maxUploadSize in MB of 1,000,000 bytes: same bytes.
    assert config["server"]["maxUploadSize"] * 1_000_000 == limits.MAX_UPLOAD_BYTES
    assert config["server"]["maxUploadSize"] == limits.MAX_UPLOAD_MB
    assert limits.UPLOAD_LIMIT_TEXT == "50 MB (50.000.000 bytes)"


def test_shipped_config_is_safe_by_default():
    """Loopback only, no tracebacks in the browser, no CORS wildcard, XSRF on (issue 16)."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    server = config["server"]
    assert server["address"] == "127.0.0.1"
    assert config["client"]["showErrorDetails"] == "none"
    assert server.get("enableCORS", True) is True
    assert server.get("enableXsrfProtection", True) is True
    assert "*" not in server.get("corsAllowedOrigins", [])
