"""`referencement load-catalogues`: create or update the dispositifs from their files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.actions import ImportRefused, load_all_catalogues
from referencement.catalog.catalogue_files import CatalogueError


class Command(BaseCommand):
    help = "Charge les catalogues des dispositifs (idempotent ; exigences disparues retirées)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="Réappliquer même les fichiers inchangés."
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options) -> None:
        try:
            reports = load_all_catalogues(force=force)
        except CatalogueError as error:
            raise CommandError(f"Catalogue invalide : {error}") from error
        except ImportRefused as refused:
            raise CommandError("\n".join(str(e) for e in refused.errors)) from refused
        for code, report in reports.items():
            if report is None:
                line = f"{code} : inchangé."
            else:
                plural = "s" if report.changed > 1 else ""
                line = f"{code} : chargé ({report.changed} modification{plural})."
                if report.kept:
                    line += (
                        f" Laissées actives car créées par un import de REM : "
                        f"{', '.join(report.kept)}."
                    )
            if verbosity:
                self.stdout.write(line)
