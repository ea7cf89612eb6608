from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from referencement.core.storage_migration import migrate_storage
from referencement.files.storage import store_for
from referencement.lib.french import plural
from referencement.lib.progress import Reporter

OTHER = {"s3": "local", "local": "s3"}


class Command(BaseCommand):
    help = (
        "Stockage des fichiers : migrate --to s3 copie tous les fichiers de l'instance vers le "
        "stockage objet S3 (--to local : l'inverse), en vérifiant l'empreinte SHA-256 de "
        "chacun ; relançable, les fichiers déjà copiés et vérifiés sont sautés."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "subcommand",
            choices=["migrate"],
            metavar="{migrate}",
            help="migrate : copier les fichiers vers l'autre stockage et les vérifier",
        )
        parser.add_argument(
            "--to",
            required=True,
            choices=["s3", "local"],
            help="stockage de destination : s3 (REFERENCEMENT_S3_*) ou local",
        )

    def handle(self, *args, subcommand: str, to: str, **options) -> None:
        if not settings.REFERENCEMENT_S3_BUCKET:
            raise CommandError(
                "REFERENCEMENT_S3_BUCKET (et REFERENCEMENT_S3_ENDPOINT_URL, les clés d'accès) "
                "doit désigner le compartiment S3.",
                returncode=2,
            )
        reporter = Reporter(self.stdout)
        source, target = store_for(OTHER[to]), store_for(to)
        legacy = Path(settings.STORAGES["default"]["OPTIONS"]["legacy_location"])
        with reporter.task("Fichiers copiés et vérifiés") as on_file:
            report = migrate_storage(source, target, legacy, on_file)
        reporter.say(
            f"Stockage {OTHER[to]} → {to} : copiés et vérifiés : {report.copied} ; "
            f"déjà présents et vérifiés : {report.verified} ; "
            f"anciens fichiers téléversés repris dans le stockage par empreinte : {report.adopted}."
        )
        for name in report.missing:
            reporter.say(f"Fichier introuvable dans le stockage {OTHER[to]} : {name}")
        for sha256 in report.altered:
            reporter.say(f"Empreinte SHA-256 différente (fichier altéré) : {sha256}")
        if not report.ok:
            raise CommandError(
                f"{plural(len(report.altered), 'fichier altéré', 'fichiers altérés')}, "
                f"{plural(len(report.missing), 'fichier introuvable', 'fichiers introuvables')} : "
                "la migration n'est pas complète ; voir les lignes ci-dessus."
            )
        reporter.say(
            f"Migration terminée. Réglez REFERENCEMENT_STORAGE={to} et redémarrez la plateforme."
        )
