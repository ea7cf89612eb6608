"""Safe XML parsing: no DTD, no entity expansion, no network, bounded size."""

from __future__ import annotations

import re

from lxml import etree

from .findings import Finding, error

MAX_XML_BYTES = 50 * 1024 * 1024

_DECLARATION = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": False,
}


def safe_parser() -> etree.XMLParser:
    # A fresh parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(**_PARSER_OPTIONS)


def parse_xml(
    data: bytes, *, rule: str = "xml.syntaxe", max_bytes: int = MAX_XML_BYTES
) -> tuple[etree._ElementTree | None, list[Finding]]:
    """Parse ``data``; return the tree or ``None`` with the findings explaining why."""
    if not data.strip():
        return None, [error(rule, "/", "Le fichier est vide.")]
    if len(data) > max_bytes:
        return None, [
            error(rule, "/", f"Le fichier XML dépasse la taille maximale de {max_bytes} octets.")
        ]
    # A DOCTYPE is never needed by CDA/ebRIM/SVS: refusing it outright closes XXE and
    # entity-expansion attacks before libxml2 sees the declarations.
    if _DECLARATION.search(data):
        return None, [_doctype_finding(rule)]
    try:
        tree = etree.ElementTree(etree.fromstring(data, safe_parser()))
    except etree.XMLSyntaxError as exc:
        return None, [error(rule, "", f"XML mal formé : {exc.msg}", line=exc.lineno)]
    except ValueError as exc:
        return None, [error(rule, "/", f"XML illisible : {exc}")]
    # Catches a DOCTYPE hidden by an encoding the byte scan cannot read (UTF-16…).
    if tree.docinfo.internalDTD is not None or tree.docinfo.doctype:
        return None, [_doctype_finding(rule)]
    return tree, []


def _doctype_finding(rule: str) -> Finding:
    return error(
        rule,
        "/",
        "Déclaration DOCTYPE ou ENTITY refusée : elle n'est pas admise dans les documents "
        "échangés (protection contre XXE et l'expansion d'entités).",
    )
