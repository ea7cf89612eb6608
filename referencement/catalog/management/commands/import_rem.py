"""`referencement import-rem FILE --dispositif CODE`: import a REM spreadsheet (XLSX or CSV)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.actions import ImportRefused, file_sha256, import_rem
from referencement.catalog.management.arguments import (
    DISPOSITIF_HELP,
    dispositif_named,
    existing_file,
)
from referencement.catalog.sync_sentences import changes, unchanged
from referencement.lib.french import plural
from referencement.lib.progress import Reporter
from referencement.lib.rem_sheets import RemFormatError, parse_rem, read_table


class Command(BaseCommand):
    help = "Importe un REM (XLSX ou CSV) dans un dispositif : tout ou rien, idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, metavar="FICHIER", help="REM (XLSX ou CSV)")
        parser.add_argument("--dispositif", required=True, help=DISPOSITIF_HELP)
        parser.add_argument(
            "--dry-run", action="store_true", help="calculer les changements sans les appliquer"
        )

    def handle(self, *args, file: Path, dispositif: str, dry_run: bool = False, **options):
        target = dispositif_named(dispositif)
        existing_file(file)
        reporter = Reporter(self.stderr)
        try:
            rows = list(read_table(file))
            with reporter.task("Lecture", max(len(rows) - 1, 0)) as update:
                parsed = parse_rem(rows, on_progress=update)
            with file.open("rb") as handle:
                sha256 = file_sha256(handle)
            with reporter.task("Application", len(parsed.requirements)) as update:
                report = import_rem(
                    target,
                    parsed,
                    filename=file.name,
                    sha256=sha256,
                    dry_run=dry_run,
                    on_progress=update,
                )
        except RemFormatError as error:
            raise CommandError(str(error)) from error
        except ImportRefused as refused:
            raise CommandError(
                "rien n'a été importé :\n" + "\n".join(str(e) for e in refused.errors)
            ) from refused
        for warning in parsed.warnings:
            self.stdout.write(f"Avertissement — {warning}")
        read = plural(len(parsed.requirements), "exigence lue", "exigences lues")
        self.stdout.write(f"{read} ({parsed.layout}).")
        if dry_run:
            self.stdout.write(
                f"Simulation, rien n'a été appliqué ; l'import donnerait : {changes(report)}."
            )
        else:
            self.stdout.write(f"Import appliqué : {changes(report)}.")
        if unchanged(report):
            self.stdout.write(f"Sans changement : {unchanged(report)}.")
