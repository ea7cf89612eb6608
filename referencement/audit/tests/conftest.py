from __future__ import annotations

import pytest


@pytest.fixture
def anchor_files(settings, tmp_path):
    """Anchors file and signing key in a temporary directory."""
    settings.AUDIT_ANCHORS_PATH = tmp_path / "audit" / "anchors.jsonl"
    settings.AUDIT_KEY_PATH = str(tmp_path / "keys" / "audit_key.pem")
    return settings
