"""Shared fixtures: the agency material is read from outside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from referencement.conformity.schematron_install import install_schematrons

REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_dir() -> Path:
    """``$REFERENCEMENT_SHARED``, else the ``shared`` folder beside the repository."""
    return Path(os.environ.get("REFERENCEMENT_SHARED") or REPO_ROOT.parent / "shared")


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"Agency reference material absent: {path} (set REFERENCEMENT_SHARED)")
    return path


@pytest.fixture(scope="session")
def cisis() -> Path:
    return require(shared_dir() / "cisis")


@pytest.fixture(scope="session")
def hl7_samples() -> Path:
    return require(shared_dir() / "hl7v2")


@pytest.fixture(scope="session")
def installed(cisis: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every CI-SIS schematron compiled once per test session (a few seconds)."""
    dest = tmp_path_factory.mktemp("schematrons")
    install_schematrons(cisis, dest)
    return dest


def example_paths() -> list[Path]:
    folder = shared_dir() / "cisis" / "ExemplesCDA"
    return sorted(folder.glob("*.xml")) if folder.is_dir() else []
