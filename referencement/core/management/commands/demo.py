from __future__ import annotations

import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from referencement.audit.verification import verify_chain
from referencement.conformity.paths import (
    agency_package_beside_checkout,
    default_schematron_dir,
)
from referencement.conformity.schematron_install import InstallError, install_schematrons
from referencement.core.demo import scenario
from referencement.core.demo.people import DEMO_PASSWORD
from referencement.lib.french import plural
from referencement.lib.progress import Reporter


class Command(BaseCommand):
    help = (
        "Remplit une instance vide avec des données de démonstration entièrement fictives "
        "(éditeurs, agents, candidatures à chaque étape, collèges, registre)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--schematrons",
            type=Path,
            default=None,
            metavar="CHEMIN",
            help=(
                "paquet CI-SIS de l'agence (dossier ou zip) à installer pour que les "
                "preuves CDA de la démonstration soient vérifiées (par défaut : "
                "../shared/cisis à côté du dépôt, s'il existe)"
            ),
        )

    def handle(self, *args, schematrons: Path | None = None, **options) -> None:
        if schematrons is not None and not schematrons.exists():
            raise CommandError(f"paquet CI-SIS introuvable : {schematrons}", returncode=2)
        call_command("migrate", interactive=False, verbosity=0)
        if not scenario.is_empty():
            raise CommandError(
                "Cette instance contient déjà des éditeurs ou des candidatures : la "
                "démonstration ne se charge que dans une instance vide "
                "(REFERENCEMENT_HOME vers un dossier neuf, ou une base neuve)."
            )
        started = time.monotonic()
        reporter = Reporter(self.stdout)
        self._install_schematrons(schematrons or agency_package_beside_checkout(), reporter)
        with reporter.task("Étapes rejouées") as on_step:
            summary = scenario.build(progress=reporter.say, on_step=on_step)
        count, problems = verify_chain()
        if problems:
            raise CommandError(
                f"journal d'audit altéré : {plural(len(problems), 'anomalie', 'anomalies')}."
            )
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Démonstration chargée en {time.monotonic() - started:.0f} s "
                f"({plural(count, 'événement', 'événements')} d'audit, chaîne intègre)."
            )
        )
        write("\nCandidatures par état :")
        for label, n in summary.statuses.items():
            write(f"  {n:3d}  {label}")
        write("Attestations par état :")
        for label, n in summary.attestations.items():
            write(f"  {n:3d}  {label}")
        write("\nComptes (tous fictifs), mot de passe commun : " + DEMO_PASSWORD)
        write("  Agence : " + ", ".join(summary.agency_emails))
        for editor in summary.editors:
            members = ", ".join(m.email for m in editor.members.all())
            write(f"  {editor.name} (SIRET {editor.siret}) : {members}")
        write(
            "\nDémarrez la plateforme (« referencement serve » ou ./scripts/start) et "
            "connectez-vous sur http://127.0.0.1:8000/ avec l'un de ces comptes. À la "
            "première connexion, la plateforme fait activer une application "
            "d'authentification (TOTP) : la vérification en deux étapes est obligatoire."
        )

    def _install_schematrons(self, package: Path | None, reporter: Reporter) -> None:
        """Before the scenario, so that its CDA evidence is checked, not « non vérifiable »."""
        if package is None:
            reporter.say(
                "Paquet CI-SIS de l'agence absent (../shared/cisis à côté du dépôt) : les "
                "preuves CDA resteront « non vérifiables » ; « referencement "
                "install-schematrons CHEMIN » l'installera."
            )
            return
        try:
            with reporter.task("Schématrons compilés") as update:
                result = install_schematrons(
                    package,
                    default_schematron_dir(),
                    lambda _name, number, total: update(number, total),
                )
        except InstallError as error:
            raise CommandError(str(error), returncode=2) from error
        failed = "".join(f" ; échec de {name}" for name in result.failed)
        reporter.say(
            f"Schématrons CI-SIS installés depuis {package} : "
            f"{plural(len(result.compiled), 'schématron compilé', 'schématrons compilés')}"
            f"{failed}."
        )
