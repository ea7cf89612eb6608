"""Command line: ``validate FILE...`` and ``install-schematrons PATH``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from referencement.lib import argparse_fr
from referencement.lib.french import plural
from referencement.lib.progress import Reporter

from .findings import Finding, Report, Verdict
from .paths import default_schematron_dir
from .report_formats import to_junit, to_sarif
from .schematron_install import InstallError, install_schematrons
from .validate import KINDS, validate

VALIDATE_EXIT_CODES = """codes de sortie :
  0  conforme (éventuellement avec avertissements) : tous les contrôles applicables ont tourné
  1  non conforme : au moins une erreur
  2  erreur d'usage (fichier introuvable, option inconnue)
  3  non vérifiable : aucune erreur, mais au moins un contrôle applicable n'a pas pu tourner
     (pas de schématron pour le volet ou la version, échec ou délai dépassé du contrôle)"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"erreur : {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="referencement", description="Contrôles de conformité des preuves.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser(
        "validate",
        help="vérifier des fichiers",
        description="Vérifie des fichiers de preuve hors ligne.",
        epilog=VALIDATE_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "files", nargs="+", type=Path, metavar="FICHIER", help="fichier(s) de preuve à vérifier"
    )
    check.add_argument(
        "--kind",
        choices=("auto", *KINDS),
        default="auto",
        help="type de preuve (par défaut : reconnu d'après le contenu)",
    )
    check.add_argument(
        "--format",
        choices=("text", "json", "junit", "sarif"),
        default="text",
        help=(
            "texte (par défaut) ; json ; junit : JUnit XML (un cas de test par contrôle) ; "
            "sarif : SARIF 2.1.0"
        ),
    )
    check.add_argument(
        "--schematrons",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="dossier des schématrons installés (par défaut : celui de « referencement info »)",
    )
    _traceback_option(check)
    install = commands.add_parser(
        "install-schematrons",
        help="installer le paquet CI-SIS",
        description="Compile et indexe les schématrons CI-SIS d'un dossier ou d'un zip.",
        epilog="Codes de sortie : 0 tous compilés, 1 au moins un échec, 2 erreur d'usage.",
    )
    install.add_argument(
        "path",
        type=Path,
        metavar="CHEMIN",
        help="dossier ou zip du paquet CI-SIS de l'agence (celui qui contient schematrons/)",
    )
    install.add_argument(
        "--dest",
        type=Path,
        default=None,
        metavar="DOSSIER",
        help="où installer (par défaut : REFERENCEMENT_SCHEMATRONS, sinon le dossier de données)",
    )
    _traceback_option(install)
    return parser


def _traceback_option(parser: argparse.ArgumentParser) -> None:
    """Read by ``referencement.cli``, which shows the trace of an unexpected error."""
    parser.add_argument(
        "--traceback",
        action="store_true",
        help="afficher la trace complète d'une erreur (développeurs)",
    )


def main(argv: list[str] | None = None) -> int:
    argparse_fr.install()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command == "validate":
        return _validate(args)
    return _install(args)


def _validate(args: argparse.Namespace) -> int:
    missing = [str(f) for f in args.files if not f.is_file()]
    if missing:
        print(f"erreur : fichier introuvable : {', '.join(missing)}", file=sys.stderr)
        return 2
    reports = [
        validate(
            path.read_bytes(),
            filename=str(path),
            kind=args.kind,
            schematron_dir=args.schematrons,
        )
        for path in args.files
    ]
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    elif args.format == "junit":
        print(to_junit(reports))
    elif args.format == "sarif":
        print(to_sarif(reports))
    else:
        print("\n\n".join(format_text(r) for r in reports))
    return exit_code(reports)


def exit_code(reports: list[Report]) -> int:
    verdicts = {r.verdict for r in reports}
    if Verdict.NON_CONFORME in verdicts:
        return 1
    return 3 if Verdict.NON_VERIFIABLE in verdicts else 0


def format_text(report: Report) -> str:
    counts = report.summary
    verdict = str(report.verdict).upper() if not report.ok else str(report.verdict)
    lines = [
        f"{report.filename} ({report.kind}) : {verdict} — "
        f"{plural(counts['erreur'], 'erreur', 'erreurs')}, "
        f"{plural(counts['non vérifiable'], 'contrôle non vérifiable', 'contrôles non vérifiables')}, "
        f"{plural(counts['avertissement'], 'avertissement', 'avertissements')}, "
        f"{plural(counts['info'], 'info', 'infos')}"
    ]
    for finding in report.findings:
        lines.append(
            f"  [{finding.severity}] {finding.rule} @ {where(finding)} : {finding.message}"
        )
        if finding.operator_note:
            lines.append(f"    → {finding.operator_note}")
    return "\n".join(lines)


def where(finding: Finding) -> str:
    line = f"ligne {finding.line}" if finding.line else ""
    return " ".join(part for part in (finding.location, line) if part) or "/"


def _install(args: argparse.Namespace) -> int:
    if not args.path.exists():
        print(f"erreur : chemin introuvable : {args.path}", file=sys.stderr)
        return 2
    dest = args.dest or default_schematron_dir()

    try:
        with Reporter(sys.stderr).task("Schématrons compilés") as update:
            result = install_schematrons(
                args.path, dest, lambda _name, number, total: update(number, total)
            )
    except InstallError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    print(result.table())
    compiled, failed = len(result.compiled), len(result.failed)
    print(
        f"{plural(compiled, 'schématron compilé', 'schématrons compilés')}, "
        f"{failed} en échec, dans {result.dest}"
    )
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
