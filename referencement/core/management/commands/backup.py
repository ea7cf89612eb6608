from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.core.backup import BackupError, backup
from referencement.lib.progress import Reporter


class Command(BaseCommand):
    help = "Écrit une sauvegarde cohérente (base, fichiers, manifeste SHA-256) dans DOSSIER."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "destination",
            type=Path,
            metavar="DOSSIER",
            help="dossier de destination, vide ou inexistant (il est créé)",
        )

    def handle(self, *args, destination: Path, **options) -> None:
        reporter = Reporter(self.stdout)
        try:
            with reporter.task("Fichiers copiés") as on_file:
                backup(destination, progress=reporter.say, on_file=on_file)
        except BackupError as error:
            raise CommandError(str(error)) from error
