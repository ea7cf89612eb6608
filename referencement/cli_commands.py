"""The commands of `referencement`, in the order and groups of its help (issue 17 item 1).

Each entry is one line of ``referencement --help``; the command's own ``--help`` says the
rest. A command marked ``needs_database`` is refused on a database that is not migrated; one
that only ``reaches_database`` (it migrates or fills an empty one) on a database it cannot
reach — both with one French line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CliCommand:
    name: str
    group: str
    summary: str
    needs_database: bool = True
    reaches_database: bool = True


COMMANDS = (
    CliCommand(
        "serve",
        "exploitation",
        "démarrer la plateforme (serveur web et worker ; met la base à jour)",
        needs_database=False,
    ),
    CliCommand("worker", "exploitation", "exécuter seul le worker des tâches en file d'attente"),
    CliCommand(
        "migrate",
        "exploitation",
        "créer ou mettre à jour la base et charger les catalogues",
        needs_database=False,
    ),
    CliCommand(
        "info",
        "exploitation",
        "version, dossier de données, base, schématrons, worker et catalogues",
        needs_database=False,
        reaches_database=False,
    ),
    CliCommand("load-catalogues", "catalogues", "charger les catalogues livrés des dispositifs"),
    CliCommand("import-rem", "catalogues", "importer un REM (XLSX ou CSV) dans un dispositif"),
    CliCommand("rem-impact", "catalogues", "lister ce qu'un import de REM toucherait"),
    CliCommand("export-rem", "catalogues", "exporter le catalogue d'un dispositif (XLSX ou CSV)"),
    CliCommand(
        "validate",
        "preuves",
        "vérifier des fichiers de preuve hors ligne",
        needs_database=False,
        reaches_database=False,
    ),
    CliCommand(
        "install-schematrons",
        "preuves",
        "installer le paquet de schématrons CI-SIS de l'agence",
        needs_database=False,
        reaches_database=False,
    ),
    CliCommand("backup", "données", "écrire une sauvegarde cohérente (base, fichiers, manifeste)"),
    CliCommand(
        "restore",
        "données",
        "restaurer une sauvegarde dans une instance vide",
        needs_database=False,
    ),
    CliCommand(
        "demo", "données", "remplir une instance vide de données fictives", needs_database=False
    ),
    CliCommand("audit", "données", "vérifier (verify) ou ancrer (anchor) le journal d'audit"),
    CliCommand(
        "storage",
        "données",
        "copier les fichiers vers le stockage objet S3 ou local (migrate --to s3|local)",
    ),
)
GROUPS = ("exploitation", "catalogues", "preuves", "données")
BY_NAME = {command.name: command for command in COMMANDS}

EXIT_CODES = """codes de sortie :
  0  réussite
  1  anomalies trouvées ou opération refusée
  2  erreur d'usage (option, fichier, base non initialisée)
  3  non vérifiable (validate : un contrôle applicable n'a pas pu tourner)"""


def top_level_help() -> str:
    width = max(len(command.name) for command in COMMANDS)
    lines = [
        "utilisation : referencement COMMANDE [options]",
        "",
        "Plateforme de référencement des logiciels de santé Ségur.",
        "« referencement COMMANDE --help » détaille une commande ; --version donne la version.",
    ]
    for group in GROUPS:
        lines += ["", f"{group} :"]
        lines += [
            f"  {command.name:<{width}}  {command.summary}"
            for command in COMMANDS
            if command.group == group
        ]
    lines += [
        "",
        "Les autres commandes de Django (check, shell, createsuperuser…) sont transmises telles",
        "quelles. Dossier de données : REFERENCEMENT_HOME, sinon var/ dans le dépôt, sinon le",
        "dossier de données de l'utilisateur (« referencement info » l'affiche).",
        "Une erreur attendue s'affiche en une ligne « erreur : … » qui dit quoi faire ;",
        "--traceback, sur toute commande, montre la trace Python (développeurs).",
        "",
        EXIT_CODES,
    ]
    return "\n".join(lines)
