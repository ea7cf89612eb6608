"""The `referencement` console script (issue 17: French, complete, never surprising).

The commands are listed in ``cli_commands``: ``serve`` and ``migrate`` are run here,
``validate`` and ``install-schematrons`` by the conformity tools (free of Django), the others
are the platform's management commands, with dashes for underscores. Any other Django
command is passed through. Expected errors end in one French line (``--traceback`` shows
the trace); a command that needs the database is refused on one that is not migrated.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

from referencement.cli_commands import BY_NAME, top_level_help
from referencement.core.database_state import (
    DatabaseNotReady,
    require_migrated_database,
    require_reachable_database,
)
from referencement.lib import argparse_fr
from referencement.lib.os_errors import french_os_error

# Django's own options, on every management command, in French.
DJANGO_OPTION_HELP = {
    "version": "afficher la version et quitter",
    "verbosity": "niveau de détail : 0 minimal, 1 normal, 2 détaillé, 3 très détaillé",
    "settings": "module de réglages Python (par défaut : DJANGO_SETTINGS_MODULE)",
    "pythonpath": "dossier à ajouter au chemin de recherche de Python",
    "traceback": "afficher la trace complète d'une erreur (développeurs)",
    "no_color": "ne pas colorer la sortie",
    "force_color": "colorer la sortie même hors d'un terminal",
    "skip_checks": "sauter les vérifications du système",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referencement.settings")
    import django

    django.setup()


def update_database(*, verbosity: int = 1) -> None:
    """Migrations, then the shipped catalogues; a database out of reach is refused first."""
    from django.core.management import call_command

    require_reachable_database()
    call_command("migrate", interactive=False, verbosity=0)
    print("Base de données à jour.")
    call_command("load_catalogues", verbosity=verbosity)


def prepare_instance(*, verbosity: int = 1) -> None:
    """Migrations, catalogues, static files in production, and the first agency admin."""
    from django.conf import settings
    from django.core.management import call_command

    update_database(verbosity=verbosity)
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)

    from referencement.accounts.actions import ensure_first_admin

    email = os.environ.get("REFERENCEMENT_ADMIN_EMAIL", "admin@referencement.localhost")
    user, generated = ensure_first_admin(email, os.environ.get("REFERENCEMENT_ADMIN_PASSWORD"))
    if user is not None:
        print("Premier administrateur de l'agence créé :")
        print(f"  identifiant  : {user.email}")
        if generated:
            print(f"  mot de passe : {generated}   (affiché une seule fois — notez-le)")
        else:
            print("  mot de passe : celui de REFERENCEMENT_ADMIN_PASSWORD")
        print(
            "  À la première connexion, la plateforme vous fera activer la vérification en deux étapes."
        )


def waitress_proxy_options(trusted_proxy: str) -> dict:
    """Behind a reverse proxy, trust its X-Forwarded-Proto and -For (and only its own), so
    that HTTPS requests are seen as such: HSTS is sent and the HTTPS redirect does not loop."""
    if not trusted_proxy:
        return {}
    return {
        "trusted_proxy": trusted_proxy,
        "trusted_proxy_count": 1,
        "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"},
        "clear_untrusted_proxy_headers": True,
    }


def served_site_url(host: str, port: int) -> str:
    """The address links must carry (e-mails, the attestation's QR code) when the server
    listens on ``host:port``; a wildcard host is reached through the loopback address."""
    if host in {"", "0.0.0.0", "::"}:
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _parser(command: str, description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"referencement {command}", description=description)
    parser.add_argument("--traceback", action="store_true", help=DJANGO_OPTION_HELP["traceback"])
    return parser


def serve(argv: list[str]) -> int:
    parser = _parser(
        "serve",
        "Démarre la plateforme : met la base à jour, charge les catalogues, crée le premier "
        "administrateur au premier démarrage, puis sert le site avec le worker.",
    )
    parser.add_argument(
        "--host",
        default=os.environ.get("REFERENCEMENT_HOST", "127.0.0.1"),
        help="adresse d'écoute (défaut : REFERENCEMENT_HOST, sinon 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("REFERENCEMENT_PORT", "8000")),
        help="port d'écoute (défaut : REFERENCEMENT_PORT, sinon 8000)",
    )
    parser.add_argument("--threads", type=int, default=8, help="fils du serveur web (défaut : 8)")
    parser.add_argument("--no-worker", action="store_true", help="ne pas lancer le worker intégré")
    args = parser.parse_args(argv)
    # Before Django reads its settings: REFERENCEMENT_SITE_URL, when given, wins (a proxy).
    os.environ.setdefault("REFERENCEMENT_SITE_URL", served_site_url(args.host, args.port))
    _setup_django()
    prepare_instance()

    from django.conf import settings

    from referencement.core.embedded_server import serve as serve_embedded
    from referencement.core.worker import run_forever
    from referencement.wsgi import application

    stop = threading.Event()
    if not args.no_worker:
        threading.Thread(target=run_forever, args=(stop,), name="worker", daemon=True).start()
    url = f"http://{args.host}:{args.port}/"
    print(f"Référencement est démarré : {url}  (arrêt : Ctrl+C)", flush=True)
    try:
        # Each request's body limit is its URL's (core/embedded_server.py).
        serve_embedded(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="referencement",
            **waitress_proxy_options(settings.TRUSTED_PROXY),
        )
    finally:
        stop.set()
    return 0


def migrate(argv: list[str]) -> int:
    _parser(
        "migrate",
        "Crée la base ou applique les migrations en attente, puis charge les catalogues "
        "livrés (sans démarrer la plateforme).",
    ).parse_args(argv)
    _setup_django()
    update_database()
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    argparse_fr.install()
    if not argv or argv[0] in {"-h", "--help"}:
        print(top_level_help())
        return 0
    if argv[0] == "--version":
        from referencement import __version__

        print(f"referencement {__version__}")
        return 0
    command, rest = argv[0], argv[1:]
    try:
        return _run(command, rest)
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return exit_.code if isinstance(exit_.code, int) else 0
    except DatabaseNotReady as error:
        if "--traceback" in rest:
            raise
        print(f"erreur : {error}", file=sys.stderr)
        return 2
    except OSError as error:
        if "--traceback" in rest:
            raise
        print(f"erreur : {french_os_error(error)}", file=sys.stderr)
        return 1


def _run(command: str, rest: list[str]) -> int:
    if command == "serve":
        return serve(rest)
    if command == "migrate":
        return migrate(rest)
    if command in {"validate", "install-schematrons"}:
        from referencement.conformity.cli import main as conformity_main

        return conformity_main([command, *rest])
    _setup_django()
    from django.core.management import get_commands

    name = command.replace("-", "_")
    if name not in get_commands():
        print(
            f"erreur : commande inconnue « {command} » ; « referencement --help » les liste.",
            file=sys.stderr,
        )
        return 2
    known = BY_NAME.get(command.replace("_", "-"))
    if known is None:  # a Django command, as Django runs it
        from django.core.management import execute_from_command_line

        execute_from_command_line(["referencement", name, *rest])
        return 0
    return _run_management_command(name, known, rest)


def _run_management_command(name: str, known, rest: list[str]) -> int:
    """Django's ``run_from_argv``, with French options and errors as one French line."""
    from django.core.management import get_commands, load_command_class
    from django.core.management.base import CommandError, handle_default_options

    command = load_command_class(get_commands()[name], name)
    command._called_from_command_line = True
    parser = command.create_parser("referencement", known.name)
    for action in parser._actions:
        action.help = DJANGO_OPTION_HELP.get(action.dest, action.help)
    options = parser.parse_args(rest)
    handle_default_options(options)
    arguments = vars(options)
    positional = arguments.pop("args", ())
    if known.needs_database:
        require_migrated_database()
    elif known.reaches_database:
        require_reachable_database()
    try:
        command.execute(*positional, **arguments)
    except CommandError as error:
        if options.traceback:
            raise
        print(f"erreur : {error}", file=sys.stderr)
        return error.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
