"""Where installed schematrons live, without any Django settings."""

from __future__ import annotations

import os
from pathlib import Path


def default_schematron_dir() -> Path:
    """``$REFERENCEMENT_SCHEMATRONS``, else ``<$REFERENCEMENT_HOME or ./var>/schematrons``."""
    explicit = os.environ.get("REFERENCEMENT_SCHEMATRONS")
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("REFERENCEMENT_HOME") or "var") / "schematrons"
