from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from referencement.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Écrit une sauvegarde cohérente (base, fichiers, manifeste SHA-256) dans DEST."

    def add_arguments(self, parser) -> None:
        parser.add_argument("destination", help="Dossier de destination (vide ou inexistant).")

    def handle(self, *args, destination: str, **options) -> None:
        try:
            backup(destination, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
