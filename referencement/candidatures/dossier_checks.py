"""Elements of the administrative dossier that an upper app owns (issue 12 item 10b: the
convention signed with the application, 004 §4.2, belongs to the collège app).

The app registers its check at start-up. `rules.dossier_problems` lists the check's
problems with the others, so the submission, the admin acceptance and every page that
lists what is missing see it, and the « Prochaine étape » points to the check's page, with
no import of the upper app from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .models import Candidature


@dataclass(frozen=True)
class DossierCheck:
    key: str
    problems: Callable[[Candidature], list[str]]
    # The « Prochaine étape » once it is the only element missing.
    step_title: str
    step_text: str
    action_label: str
    url_name: str


_CHECKS: dict[str, DossierCheck] = {}


def register_dossier_check(check: DossierCheck) -> None:
    _CHECKS[check.key] = check


def dossier_checks() -> list[DossierCheck]:
    return list(_CHECKS.values())


def check_problems(candidature: Candidature) -> dict[str, list[str]]:
    """The problems of the registered checks, by check key."""
    found = {check.key: check.problems(candidature) for check in dossier_checks()}
    return {key: messages for key, messages in found.items() if messages}
