"""`referencement export-rem --dispositif CODE [--profile P ...] [--format xlsx|csv] OUT`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.exports import export_catalogue
from referencement.catalog.models import Dispositif


class Command(BaseCommand):
    help = "Exporte le catalogue d'un dispositif (ou la part applicable à des profils)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--dispositif", required=True)
        parser.add_argument("--profile", action="append", default=[], dest="profiles")
        parser.add_argument("--format", choices=["xlsx", "csv"], default=None, dest="fmt")

    def handle(self, *args, out: Path, dispositif: str, profiles: list[str], fmt, **options):
        target = Dispositif.objects.filter(code=dispositif).first()
        if target is None:
            raise CommandError(f"Dispositif inconnu : {dispositif}")
        fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
        with out.open("wb") as handle:
            result = export_catalogue(target, handle, fmt=fmt, profiles=profiles)
        if result.errors:
            out.unlink()
            raise CommandError("\n".join(result.errors))
        self.stdout.write(f"{result.count} exigence(s) exportée(s) dans {out}.")
