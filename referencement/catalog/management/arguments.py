"""What the catalogue commands check in their arguments, with errors that say what to type
(issue 17 item 3). A wrong argument is a usage error: exit code 2."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from referencement.catalog.models import Dispositif

DISPOSITIF_HELP = "code du dispositif (« referencement info » liste les dispositifs chargés)"


def dispositif_named(code: str) -> Dispositif:
    found = Dispositif.objects.filter(code=code).first()
    if found is None:
        codes = Dispositif.objects.order_by("code").values_list("code", flat=True)
        known = ", ".join(codes) or "aucun : lancez `referencement load-catalogues`"
        raise CommandError(f"dispositif inconnu : {code} (dispositifs : {known})", returncode=2)
    return found


def existing_file(path: Path) -> Path:
    if not path.is_file():
        raise CommandError(f"fichier introuvable : {path}", returncode=2)
    return path
