"""`referencement info`: what this instance is and where it keeps its data (issue 17 item 2)."""

from __future__ import annotations

import json
from datetime import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import Max
from django.utils import timezone

import referencement
from referencement.conformity.paths import default_schematron_dir
from referencement.conformity.schematron_install import INDEX_FILE
from referencement.core.database_state import DatabaseNotReady, pending_migrations
from referencement.lib.french import plural


class Command(BaseCommand):
    help = (
        "Affiche la version, le dossier de données, la base, le paquet de schématrons "
        "installé, le signal de vie du worker et les versions des catalogues."
    )
    requires_system_checks = []

    def handle(self, *args, **options) -> None:
        write = self.stdout.write
        write(f"Version             : {referencement.__version__}")
        write(f"Dossier de données  : {settings.HOME}")
        write(f"Base de données     : {_database_name()}")
        write(f"Stockage            : {_storage()}")
        write(f"Schématrons         : {_schematrons()}")
        try:
            applied, to_apply = pending_migrations()
        except DatabaseNotReady as error:
            write(f"État de la base     : {error}")
            return
        if to_apply:
            state = "non initialisée" if not applied else f"{to_apply} migrations à appliquer"
            write(f"État de la base     : {state} (lancez `referencement migrate`)")
            return
        write("État de la base     : à jour")
        write(f"Worker              : {_worker()}")
        write("Catalogues          :")
        for line in _catalogues() or ["  aucun (lancez `referencement load-catalogues`)"]:
            write(line)


def _storage() -> str:
    """Where the files are (issue 15 item 7); never the credentials."""
    if settings.REFERENCEMENT_STORAGE == "s3":
        endpoint = settings.REFERENCEMENT_S3_ENDPOINT_URL or "AWS"
        return f"S3, compartiment {settings.REFERENCEMENT_S3_BUCKET} ({endpoint})"
    return f"fichiers locaux, {settings.EVIDENCE_ROOT}"


def _database_name() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite, {db['NAME']}"
    return f"PostgreSQL, {db.get('NAME')} sur {db.get('HOST') or 'socket local'}"


def _schematrons() -> str:
    directory = default_schematron_dir()
    index = directory / INDEX_FILE
    if not index.is_file():
        return (
            f"aucun paquet installé dans {directory} (lancez `referencement install-schematrons`)"
        )
    count = len(json.loads(index.read_text(encoding="utf-8")))
    installed = datetime.fromtimestamp(index.stat().st_mtime).strftime("%d/%m/%Y %H:%M")
    return (
        f"{plural(count, 'schématron', 'schématrons')}, installés le {installed}, dans {directory}"
    )


def _worker() -> str:
    from referencement.core.models import WorkerHeartbeat

    last = WorkerHeartbeat.objects.aggregate(last=Max("seen_at"))["last"]
    if last is None:
        return "aucun signal de vie (lancez `referencement serve` ou `referencement worker`)"
    age = int((timezone.now() - last).total_seconds())
    when = timezone.localtime(last).strftime("%d/%m/%Y %H:%M:%S")
    return f"dernier signal de vie le {when} (il y a {plural(age, 'seconde', 'secondes')})"


def _catalogues() -> list[str]:
    from referencement.catalog.models import Dispositif

    lines = []
    for dispositif in Dispositif.objects.order_by("code"):
        version = dispositif.catalogue_versions.order_by("-number").first()
        if version is None:
            lines.append(f"  {dispositif.code} : aucune version")
            continue
        lines.append(
            f"  {dispositif.code} : version {version.number} du "
            f"{timezone.localtime(version.created_at):%d/%m/%Y} ({version.source_name})"
        )
    return lines
