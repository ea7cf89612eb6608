from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from referencement.audit.verification import verify_chain
from referencement.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restaure une sauvegarde dans une instance vide, puis vérifie le journal d'audit."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="Dossier d'une sauvegarde écrite par « backup ».")

    def handle(self, *args, source: str, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            restore(source, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        count, problems = verify_chain()
        if problems:
            raise CommandError(
                f"Journal d'audit restauré mais altéré : {len(problems)} anomalie(s)."
            )
        self.stdout.write(self.style.SUCCESS(f"Journal d'audit intègre : {count} événement(s)."))
