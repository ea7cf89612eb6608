"""`referencement export-rem --dispositif CODE [--profile P ...] [--format xlsx|csv] OUT`."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referencement.catalog.exports import export_catalogue
from referencement.catalog.management.arguments import DISPOSITIF_HELP, dispositif_named
from referencement.catalog.rules import with_mandatory_profiles
from referencement.lib.french import plural


class Command(BaseCommand):
    help = "Exporte le catalogue d'un dispositif (ou la part applicable à des profils)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "out",
            type=Path,
            metavar="FICHIER",
            help="fichier à écrire (.xlsx ou .csv) ; son dossier est créé s'il manque",
        )
        parser.add_argument("--dispositif", required=True, help=DISPOSITIF_HELP)
        parser.add_argument(
            "--profile",
            action="append",
            default=[],
            dest="profiles",
            metavar="PROFIL",
            help=(
                "code ou libellé d'un profil (répétable) : seules les exigences applicables "
                "sont exportées ; les profils obligatoires sont ajoutés d'office"
            ),
        )
        parser.add_argument(
            "--format",
            choices=["xlsx", "csv"],
            default=None,
            dest="fmt",
            help="format du fichier (par défaut : d'après son extension, sinon xlsx)",
        )

    def handle(self, *args, out: Path, dispositif: str, profiles: list[str], fmt, **options):
        target = dispositif_named(dispositif)
        added = []
        if profiles:
            profiles, added = with_mandatory_profiles(target, profiles)
        fmt = fmt or ("csv" if out.suffix.lower() == ".csv" else "xlsx")
        # Built in memory first: a refused selection leaves neither file nor folder behind.
        content = io.BytesIO()
        result = export_catalogue(target, content, fmt=fmt, profiles=profiles)
        if result.errors:
            raise CommandError("\n".join(result.errors), returncode=2)
        for profile in added:
            self.stdout.write(f"Profil obligatoire ajouté : {profile.code} ({profile.label}).")
        if not out.parent.exists():
            out.parent.mkdir(parents=True)
            self.stdout.write(f"Dossier créé : {out.parent}")
        out.write_bytes(content.getvalue())
        exported = plural(result.count, "exigence exportée", "exigences exportées")
        self.stdout.write(f"{exported} dans {out}.")
