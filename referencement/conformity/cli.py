"""Command line: ``validate FILE...`` and ``install-schematrons PATH``.

Exit codes: 0 no ``erreur``, 1 at least one ``erreur``, 2 usage error (missing file…).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from referencement.lib.french import plural

from .findings import Finding, Report
from .paths import default_schematron_dir
from .schematron_install import InstallError, install_schematrons
from .validate import KINDS, validate


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"erreur : {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="referencement", description="Contrôles de conformité des preuves.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    check = commands.add_parser("validate", help="vérifier des fichiers")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--kind", choices=("auto", *KINDS), default="auto")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--schematrons", type=Path, default=None, help="schématrons installés")
    install = commands.add_parser("install-schematrons", help="installer le paquet CI-SIS")
    install.add_argument("path", type=Path, metavar="PATH")
    install.add_argument("--dest", type=Path, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
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
            filename=path.name,
            kind=args.kind,
            schematron_dir=args.schematrons,
        )
        for path in args.files
    ]
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        print("\n\n".join(format_text(r) for r in reports))
    return 0 if all(r.ok for r in reports) else 1


def format_text(report: Report) -> str:
    counts = report.summary
    verdict = "conforme" if report.ok else "NON CONFORME"
    lines = [
        f"{report.filename} ({report.kind}) : {verdict} — "
        f"{plural(counts['erreur'], 'erreur', 'erreurs')}, "
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

    def progress(name: str, number: int, total: int) -> None:
        print(f"[{number}/{total}] {name}", file=sys.stderr)

    try:
        result = install_schematrons(args.path, dest, progress)
    except InstallError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    print(f"{len(result.compiled)} schématron(s) compilé(s) dans {result.dest}")
    for name, message in sorted(result.failed.items()):
        print(f"  échec {name} : {message}")
    return 0 if result.compiled else 1


if __name__ == "__main__":
    raise SystemExit(main())
