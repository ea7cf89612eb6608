"""`referencement rem-impact FILE --dispositif CODE`: what importing a REM would touch.

Nothing is applied: the file is analysed like the upload page's preview, then the
candidatures in progress, judged evidence and valid attestations that carry a changed or
retired requirement are listed (issue 14 item 4).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.actions import ImportRefused, import_rem
from referencement.catalog.impact import impact_of
from referencement.catalog.management.arguments import (
    DISPOSITIF_HELP,
    dispositif_named,
    existing_file,
)
from referencement.lib.french import code_list, plural
from referencement.lib.rem_sheets import RemFormatError, parse_rem, read_table


class Command(BaseCommand):
    help = "Liste ce qu'un import de REM toucherait, sans rien appliquer."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "file", type=Path, metavar="FICHIER", help="REM à analyser (XLSX ou CSV)"
        )
        parser.add_argument("--dispositif", required=True, help=DISPOSITIF_HELP)
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            help="texte (par défaut) ou JSON pour un autre programme",
        )

    def handle(self, *args, file: Path, dispositif: str, format: str = "text", **options):
        target = dispositif_named(dispositif)
        existing_file(file)
        try:
            report = import_rem(target, parse_rem(read_table(file)), dry_run=True)
        except RemFormatError as error:
            raise CommandError(str(error)) from error
        except ImportRefused as refused:
            raise CommandError(
                "Fichier refusé :\n" + "\n".join(str(e) for e in refused.errors)
            ) from refused
        impact = impact_of(target, modified=report.modified, retired=report.retired)
        if format == "json":
            self.stdout.write(json.dumps({**report.details(), "impact": impact}, indent=2))
            return
        self._text(report, impact)

    def _text(self, report, impact: dict) -> None:
        write = self.stdout.write
        write(
            f"Cet import ajouterait {plural(len(report.added), 'exigence', 'exigences')}, "
            f"en modifierait {len(report.modified)} et en retirerait {len(report.retired)}."
        )
        for label, codes in (("Modifiées", report.modified), ("Retirées", report.retired)):
            if codes:
                write(f"{label} : {code_list(codes)}")
        write(f"Candidatures en cours concernées : {len(impact['candidatures'])}")
        for row in impact["candidatures"]:
            items = ", ".join(row["changed"] + row["retired"])
            write(
                f"  n° {row['id']} {row['solution']} ({row['editor']}, {row['status']}) : {items}"
            )
        write(f"Preuves déjà jugées sur une exigence modifiée : {len(impact['judged_evidence'])}")
        for row in impact["judged_evidence"]:
            write(f"  n° {row['candidature']} {row['solution']} : {row['evidence']}")
        write(f"Attestations valides concernées : {len(impact['attestations'])}")
        for row in impact["attestations"]:
            write(f"  {row['number']} {row['solution']} : {', '.join(row['requirements'])}")
