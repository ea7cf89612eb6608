"""`referencement import-rem FILE --dispositif CODE`: import a REM spreadsheet (XLSX or CSV)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.actions import ImportRefused, file_sha256, import_rem
from referencement.catalog.models import Dispositif
from referencement.lib.rem_sheets import RemFormatError, parse_rem, read_table


class Command(BaseCommand):
    help = "Importe un REM (XLSX ou CSV) dans un dispositif : tout ou rien, idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dispositif", required=True, help="Code du dispositif.")
        parser.add_argument("--dry-run", action="store_true", help="Calculer sans appliquer.")

    def handle(self, *args, file: Path, dispositif: str, dry_run: bool = False, **options):
        target = Dispositif.objects.filter(code=dispositif).first()
        if target is None:
            raise CommandError(f"Dispositif inconnu : {dispositif}")
        if not file.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            rows = list(read_table(file))
            total = max(len(rows) - 1, 0)
            parsed = parse_rem(
                rows, on_progress=lambda done: self._progress("Lecture", done, total)
            )
            with file.open("rb") as handle:
                sha256 = file_sha256(handle)
            report = import_rem(
                target,
                parsed,
                filename=file.name,
                sha256=sha256,
                dry_run=dry_run,
                on_progress=lambda done: self._progress(
                    "Application", done, len(parsed.requirements)
                ),
            )
        except RemFormatError as error:
            raise CommandError(str(error)) from error
        except ImportRefused as refused:
            raise CommandError(
                "Rien n'a été importé :\n" + "\n".join(str(e) for e in refused.errors)
            ) from refused
        self.stderr.write("")  # end the progress line
        for warning in parsed.warnings:
            self.stdout.write(f"Avertissement — {warning}")
        verb = "seraient modifiées" if dry_run else "modifiées"
        self.stdout.write(
            f"{len(parsed.requirements)} exigence(s) lues ({parsed.layout}), "
            f"{report.changed} entrée(s) {verb}."
        )
        for key, count in sorted(report.counts.items()):
            self.stdout.write(f"  {key} : {count}")

    def _progress(self, label: str, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            self.stderr.write(f"\r{label} : {done}/{total}", ending="")
