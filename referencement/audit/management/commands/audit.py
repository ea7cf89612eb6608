from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from referencement.audit.verification import verify_chain


class Command(BaseCommand):
    help = "Vérifie l'intégrité du journal d'audit chaîné (sous-commande : verify)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("subcommand", choices=["verify"])

    def handle(self, *args, subcommand: str, **options) -> None:
        count, problems = verify_chain()
        if problems:
            for problem in problems:
                self.stderr.write(f"événement n° {problem.sequence} : {problem.message}")
            raise CommandError(
                f"Journal d'audit altéré : {len(problems)} anomalie(s) sur {count} événement(s)."
            )
        self.stdout.write(
            self.style.SUCCESS(f"Journal d'audit intègre : {count} événement(s) vérifié(s).")
        )
