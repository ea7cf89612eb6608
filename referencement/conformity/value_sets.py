"""Value sets (``jeuxDeValeurs``) handed to compiled schematrons already parsed.

The CI-SIS schematrons test codes with ``document($JDV_…)//svs:Concept[…]``, where
``$JDV_…`` is a global variable naming a value-set file. Saxon keeps a document read by
``document()`` for one transformation only, so every check re-read and re-parsed each value
set (a quarter of the time of the largest volets). At install, each such call becomes a
stylesheet parameter holding the document; the checking process parses each file once and
sets it on the compiled stylesheet. Calls on a missing or malformed file are left as they
are: they fail at check time exactly as the agency's pipeline does.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from lxml import etree

from .xmlsafe import safe_parser

_VARIABLE = re.compile(r"""<xsl:variable\s+name="([\w.-]+)"\s+select="'([^'"]+)'"\s*/>""")
_DECLARATION = re.compile(r'<xsl:(?:variable|param)\s+name="([\w.-]+)"')
_CALL = re.compile(r"document\(\s*\$([\w.-]+)\s*\)")
_STYLESHEET_START = re.compile(r"<xsl:stylesheet\b[^>]*>")
SUFFIX = "__document"


def preload(stylesheet: str, base: Path) -> tuple[str, dict[str, str]]:
    """``stylesheet`` with its value-set ``document()`` calls turned into parameters, and
    ``{parameter: file relative to base}`` (``base`` is the compiled stylesheet's folder)."""
    files = dict(_VARIABLE.findall(stylesheet))
    declarations = Counter(_DECLARATION.findall(stylesheet))
    # A name declared twice may be a local variable shadowing another: left alone.
    used = {
        name: files[name]
        for name in set(_CALL.findall(stylesheet))
        if name in files and declarations[name] == 1 and _parses(base / files[name])
    }
    start = _STYLESHEET_START.search(stylesheet)
    if not used or start is None:
        return stylesheet, {}
    rewritten = _CALL.sub(
        lambda m: f"${m.group(1)}{SUFFIX}" if m.group(1) in used else m.group(0), stylesheet
    )
    parameters = "".join(
        f'\n   <xsl:param name="{name}{SUFFIX}" as="document-node()" required="yes"/>'
        for name in sorted(used)
    )
    # The opening tag is before any call: the rewrite left its position unchanged.
    rewritten = rewritten[: start.end()] + parameters + rewritten[start.end() :]
    return rewritten, {f"{name}{SUFFIX}": href for name, href in sorted(used.items())}


def _parses(path: Path) -> bool:
    try:
        etree.parse(str(path), safe_parser())
    except (etree.XMLSyntaxError, OSError):
        return False
    return True
