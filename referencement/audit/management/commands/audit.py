from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from referencement.audit.anchoring import anchor_chain_head, verify_anchors
from referencement.audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Journal d'audit chaîné : verify (vérifie la chaîne et ses ancres), "
        "anchor (ancre la tête de chaîne hors de la base)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("subcommand", choices=["verify", "anchor"])

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "anchor":
            self._anchor()
        else:
            self._verify()

    def _anchor(self) -> None:
        anchor = anchor_chain_head(force=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Tête de chaîne ancrée : événement n° {anchor.sequence}, "
                f"empreinte {anchor.hash}, {anchor.anchored_at}."
            )
        )

    def _verify(self) -> None:
        count, problems = verify_chain()
        anchor_count, anchor_problems = verify_anchors()
        for problem in [*problems, *anchor_problems]:
            self.stderr.write(f"événement n° {problem.sequence} : {problem.message}")
        total = len(problems) + len(anchor_problems)
        if total:
            noun = "anomalie" if total == 1 else "anomalies"
            raise CommandError(
                f"Journal d'audit altéré : {total} {noun} ({count} événement"
                f"{'s' if count > 1 else ''}, {anchor_count} ancre{'s' if anchor_count > 1 else ''})."
            )
        if anchor_count == 0:
            self.stdout.write(
                self.style.WARNING(
                    f"Journal d'audit : {count} événement{'s' if count > 1 else ''} chaîné"
                    f"{'s' if count > 1 else ''} ; aucune ancre externe, réécriture ou "
                    "troncature non vérifiables."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal d'audit intègre : {count} événement{'s' if count > 1 else ''} "
                f"vérifié{'s' if count > 1 else ''} contre {anchor_count} "
                f"ancre{'s' if anchor_count > 1 else ''}."
            )
        )
