"""Where an instance keeps its database and files, found without Django settings (issue 17
item 2): ``$REFERENCEMENT_HOME``; else the repository's ``var/`` when the command runs inside
a checkout of the repository; else the user's data directory (XDG on Linux, through
platformdirs). A command run from any other folder never leaves a ``./var`` behind."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

# The checkout an editable install runs from: the folder holding pyproject.toml beside the
# package. An installed package (site-packages) has none.
_CHECKOUT = Path(__file__).resolve().parents[2]


def repository_root() -> Path | None:
    if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "referencement").is_dir():
        return _CHECKOUT
    return None


def data_dir(cwd: Path | None = None) -> Path:
    explicit = os.environ.get("REFERENCEMENT_HOME")
    if explicit:
        return Path(explicit).resolve()
    here = (cwd or Path.cwd()).resolve()
    repository = repository_root()
    if repository is not None and here.is_relative_to(repository):
        return repository / "var"
    return platformdirs.user_data_path("referencement", appauthor=False)
