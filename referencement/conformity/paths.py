"""Where installed schematrons live, without any Django settings."""

from __future__ import annotations

import os
from pathlib import Path

from referencement.lib.data_dir import data_dir, repository_root


def default_schematron_dir() -> Path:
    """``$REFERENCEMENT_SCHEMATRONS``, else ``schematrons`` in the instance's data directory."""
    explicit = os.environ.get("REFERENCEMENT_SCHEMATRONS")
    if explicit:
        return Path(explicit)
    return data_dir() / "schematrons"


def agency_package_beside_checkout() -> Path | None:
    """The agency's CI-SIS package kept in ``shared/cisis`` beside a checkout of the
    repository (where the team keeps the agency's reference material), when present."""
    repository = repository_root()
    if repository is None:
        return None
    package = repository.parent / "shared" / "cisis"
    return package if package.is_dir() else None
