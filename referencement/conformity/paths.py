"""Where installed schematrons live, without any Django settings."""

from __future__ import annotations

import os
from pathlib import Path

from referencement.lib.data_dir import data_dir


def default_schematron_dir() -> Path:
    """``$REFERENCEMENT_SCHEMATRONS``, else ``schematrons`` in the instance's data directory."""
    explicit = os.environ.get("REFERENCEMENT_SCHEMATRONS")
    if explicit:
        return Path(explicit)
    return data_dir() / "schematrons"
