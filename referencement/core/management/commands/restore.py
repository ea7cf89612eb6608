from __future__ import annotations

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from referencement.audit.verification import verify_chain
from referencement.core.backup import BackupError, restore
from referencement.lib.french import plural
from referencement.lib.progress import Reporter


class Command(BaseCommand):
    help = "Restaure une sauvegarde dans une instance vide, puis vérifie le journal d'audit."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "source",
            type=Path,
            metavar="DOSSIER",
            help="dossier d'une sauvegarde écrite par « referencement backup »",
        )

    def handle(self, *args, source: Path, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        reporter = Reporter(self.stdout)
        try:
            with reporter.task("Fichiers restaurés") as on_file:
                restore(source, progress=reporter.say, on_file=on_file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        count, problems = verify_chain()
        if problems:
            raise CommandError(
                "journal d'audit restauré mais altéré : "
                f"{plural(len(problems), 'anomalie', 'anomalies')}."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal d'audit intègre : {plural(count, 'événement', 'événements')}."
            )
        )
