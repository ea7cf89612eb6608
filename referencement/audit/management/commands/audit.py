from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referencement.audit.anchoring import read_anchors, verify_anchors
from referencement.audit.timestamping import (
    anchor_and_timestamp,
    read_tokens,
    verify_timestamps,
)
from referencement.audit.verification import verify_chain
from referencement.lib.french import plural


class Command(BaseCommand):
    help = (
        "Journal d'audit chaîné : verify (vérifie la chaîne et ses ancres), "
        "anchor (ancre la tête de chaîne hors de la base)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["verify", "anchor"],
            metavar="{verify,anchor}",
            help="verify : vérifier la chaîne et ses ancres ; anchor : ancrer la tête de chaîne",
        )

    def handle(self, *args, subcommand: str, **options) -> None:
        if subcommand == "anchor":
            self._anchor()
        else:
            self._verify()

    def _anchor(self) -> None:
        anchor, _ = anchor_and_timestamp(force=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Tête de chaîne ancrée : événement n° {anchor.sequence}, "
                f"empreinte {anchor.hash}, {anchor.anchored_at}."
            )
        )
        if not settings.AUDIT_TSA_URL:
            return
        token = read_tokens().get(anchor.line_hash)
        if token is None:
            self.stdout.write(
                self.style.WARNING(
                    "Autorité d'horodatage injoignable : ancre écrite sans jeton, "
                    "nouvel essai au prochain ancrage."
                )
            )
        else:
            self.stdout.write(f"Ancre horodatée par l'autorité : {token['gen_time']}.")

    def _verify(self) -> None:
        count, problems = verify_chain()
        anchor_count, anchor_problems = verify_anchors()
        timestamps = verify_timestamps(read_anchors())
        anchor_problems = [*anchor_problems, *timestamps.problems]
        for problem in [*problems, *anchor_problems]:
            self.stderr.write(f"événement n° {problem.sequence} : {problem.message}")
        for warning in timestamps.warnings:
            self.stdout.write(self.style.WARNING(f"Attention : {warning}."))
        total = len(problems) + len(anchor_problems)
        events = plural(count, "événement", "événements")
        anchors = plural(anchor_count, "ancre", "ancres")
        if total:
            raise CommandError(
                f"journal d'audit altéré : {plural(total, 'anomalie', 'anomalies')} "
                f"({events}, {anchors})."
            )
        if anchor_count == 0:
            self.stdout.write(
                self.style.WARNING(
                    f"Journal d'audit : {plural(count, 'événement chaîné', 'événements chaînés')}"
                    " ; aucune ancre externe, réécriture ou troncature non vérifiables."
                )
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal d'audit intègre : {plural(count, 'événement vérifié', 'événements vérifiés')}"
                f" contre {anchors}."
            )
        )
