"""The `referencement` console script.

`serve` starts the whole platform in one process (web server + background worker) on its
embedded default; `worker` runs the worker alone; `validate` and `install-schematrons` are
the conformity tools; anything else is passed to Django's management commands, with
dashes accepted for underscores (`referencement load-catalogues`, `referencement migrate`).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading

PLATFORM_COMMANDS = {"serve"}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "referencement.settings")
    import django

    django.setup()


def prepare_instance(*, verbosity: int = 1) -> None:
    """Migrations, catalogues, static files in production, and the first agency admin."""
    from django.conf import settings
    from django.core.management import call_command, get_commands

    call_command("migrate", interactive=False, verbosity=0)
    print("Base de données à jour.")
    if "load_catalogues" in get_commands():
        call_command("load_catalogues", verbosity=verbosity)
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


def serve(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="referencement serve", description="Démarre la plateforme."
    )
    parser.add_argument("--host", default=os.environ.get("REFERENCEMENT_HOST", "127.0.0.1"))
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("REFERENCEMENT_PORT", "8000"))
    )
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--no-worker", action="store_true", help="Ne pas lancer le worker intégré.")
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


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        print(
            "Sous-commandes : serve, worker, validate, install-schematrons, load-catalogues, "
            "import-rem, rem-impact, export-rem, et les commandes Django."
        )
        return 0
    command, rest = argv[0], argv[1:]
    if command == "serve":
        return serve(rest)
    if command in {"validate", "install-schematrons"}:
        from referencement.conformity.cli import main as conformity_main

        return conformity_main([command, *rest])
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["referencement", command.replace("-", "_"), *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
