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
from referencement.lib.french import plural
from referencement.lib.progress import Reporter
from referencement.lib.rem_sheets import RemFormatError, parse_rem, read_table

# What the import did, per count of its report, as French noun phrases.
COUNT_NOUNS = {
    "chapters_created": ("chapitre créé", "chapitres créés"),
    "profiles_created": ("profil créé", "profils créés"),
    "requirements_created": ("exigence créée", "exigences créées"),
    "requirements_updated": ("exigence modifiée", "exigences modifiées"),
    "requirements_reactivated": ("exigence réactivée", "exigences réactivées"),
    "requirements_unchanged": ("exigence inchangée", "exigences inchangées"),
    "requirements_retired": ("exigence retirée", "exigences retirées"),
    "scenarios_created": ("scénario créé", "scénarios créés"),
    "scenarios_updated": ("scénario modifié", "scénarios modifiés"),
    "scenarios_unchanged": ("scénario inchangé", "scénarios inchangés"),
    "scenarios_retired": ("scénario retiré", "scénarios retirés"),
    "evidence_created": ("preuve attendue créée", "preuves attendues créées"),
    "evidence_updated": ("preuve attendue modifiée", "preuves attendues modifiées"),
    "evidence_unchanged": ("preuve attendue inchangée", "preuves attendues inchangées"),
    "evidence_retired": ("preuve attendue retirée", "preuves attendues retirées"),
}


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
        changed = plural(report.changed, "entrée modifiée", "entrées modifiées")
        simulated = " (simulation : rien n'a été appliqué)" if dry_run else ""
        self.stdout.write(f"{read} ({parsed.layout}), {changed}{simulated}.")
        for key, count in sorted(report.counts.items()):
            if count:
                self.stdout.write(f"  {plural(count, *COUNT_NOUNS.get(key, (key, key)))}")
