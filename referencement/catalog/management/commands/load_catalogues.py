"""`referencement load-catalogues`: create or update the dispositifs from their files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.actions import ImportRefused, load_all_catalogues
from referencement.catalog.catalogue_files import CatalogueError
from referencement.catalog.sync_sentences import changes
from referencement.lib.progress import Reporter


class Command(BaseCommand):
    help = (
        "Charge les catalogues livrés des dispositifs (identifiants, titres, profils, "
        "jalons ; le REM de l'agence apporte les textes). Idempotent ; les exigences "
        "disparues d'un fichier sont retirées."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force", action="store_true", help="réappliquer même les fichiers inchangés"
        )

    def handle(self, *args, force: bool = False, verbosity: int = 1, **options) -> None:
        reporter = Reporter(self.stderr)
        try:
            if verbosity:
                with reporter.task("Catalogues") as update:
                    reports = load_all_catalogues(force=force, on_progress=update)
            else:
                reports = load_all_catalogues(force=force)
        except CatalogueError as error:
            raise CommandError(f"catalogue invalide : {error}") from error
        except ImportRefused as refused:
            raise CommandError("\n".join(str(e) for e in refused.errors)) from refused
        if verbosity:
            for code, report in reports.items():
                self.stdout.write(f"{code} : {_outcome(report)}")


def _outcome(report) -> str:
    if report is None:
        return "fichier inchangé depuis le dernier chargement, rien à faire."
    if not any(report.counts.values()):
        return (
            "catalogue chargé, sans exigence : elles viennent du REM de l'agence "
            "(« referencement import-rem »)."
        )
    line = f"catalogue chargé, {changes(report)}."
    if report.kept:
        line += f" Laissées actives car créées par un import de REM : {', '.join(report.kept)}."
    return line
