"""French wording of the parser messages (libxml2 XML and XSD, Python's JSON) that findings
quote verbatim. The report keeps the original; the pages show the translation beside it.

Each entry is a regular expression over the original message and its French template; the
named groups are carried over. An unknown message is shown as it is.
"""

from __future__ import annotations

import re

_ELEMENT = r"Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: "

_TRANSLATIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), t)
    for p, t in [
        # XSD validation (libxml2 xmlschemas.c).
        (
            _ELEMENT + r"This element is not expected\. Expected is one of \((?P<expected>.+)\)\.",
            "Élément {element} inattendu à cet endroit. Éléments attendus : {expected}.",
        ),
        (
            _ELEMENT + r"This element is not expected\. Expected is \((?P<expected>.+)\)\.",
            "Élément {element} inattendu à cet endroit. Élément attendu : {expected}.",
        ),
        (
            _ELEMENT + r"This element is not expected\.",
            "Élément {element} inattendu à cet endroit.",
        ),
        (
            _ELEMENT + r"Missing child element\(s\)\. Expected is one of \((?P<expected>.+)\)\.",
            "Élément enfant manquant dans {element}. Éléments attendus : {expected}.",
        ),
        (
            _ELEMENT + r"Missing child element\(s\)\. Expected is \((?P<expected>.+)\)\.",
            "Élément enfant manquant dans {element}. Élément attendu : {expected}.",
        ),
        (
            _ELEMENT + r"The attribute '(?P<name>[^']+)' is not allowed\.",
            "L'attribut {name} n'est pas autorisé sur l'élément {element}.",
        ),
        (
            _ELEMENT + r"The attribute '(?P<name>[^']+)' is required but missing\.",
            "L'attribut obligatoire {name} manque sur l'élément {element}.",
        ),
        (
            _ELEMENT + r"\[facet 'enumeration'\] The value '(?P<value>[^']*)' is not an element "
            r"of the set \{(?P<allowed>.*)\}\.",
            "Valeur « {value} » non admise pour {element}{attribute_suffix} : valeurs "
            "admises {allowed}.",
        ),
        (
            _ELEMENT + r"\[facet 'pattern'\] The value '(?P<value>[^']*)' is not accepted by the "
            r"pattern '(?P<pattern>.*)'\.",
            "Valeur « {value} » de {element}{attribute_suffix} non conforme au motif {pattern}.",
        ),
        (
            _ELEMENT + r"\[facet '(?P<facet>\w+)'\] The value '(?P<value>[^']*)' (?P<rest>.*)",
            "Valeur « {value} » de {element}{attribute_suffix} hors des limites admises "
            "(contrainte {facet}).",
        ),
        (
            _ELEMENT + r"'(?P<value>[^']*)' is not a valid value of the (?:local )?(?:atomic|union|"
            r"list) type(?: '(?P<type>[^']+)')?\.",
            "Valeur « {value} » invalide pour {element}{attribute_suffix}{type_suffix}.",
        ),
        (
            _ELEMENT + r"Character content other than whitespace is not allowed because the "
            r"content type is 'element-only'\.",
            "L'élément {element} ne doit contenir que des éléments, pas de texte.",
        ),
        (
            _ELEMENT + r"No matching global declaration available for the validation root\.",
            "L'élément racine {element} n'est pas déclaré par le schéma.",
        ),
        (
            _ELEMENT + r"The type definition is abstract\.",
            "Le type de l'élément {element} est abstrait : préciser un type concret (xsi:type).",
        ),
        (
            _ELEMENT + r"The QName value '(?P<value>[^']+)' of the xsi:type attribute does not "
            r"resolve to a type definition\.",
            "Le type « {value} » indiqué par xsi:type sur {element} n'existe pas dans le schéma.",
        ),
        (
            _ELEMENT + r"The value '(?P<value>[^']*)' has a length of '(?P<length>\d+)'; this "
            r"(?:underruns|exceeds) the allowed (?:minimum|maximum) length of '(?P<limit>\d+)'\.",
            "La valeur « {value} » de {element}{attribute_suffix} a une longueur de {length} "
            "hors de la limite admise ({limit}).",
        ),
        # Well-formedness (libxml2 parser.c); lxml appends « , line L, column C ».
        (
            r"Opening and ending tag mismatch: (?P<open>\S+) line (?P<line>\d+) and (?P<close>\S+)",
            "Balise fermante {close} ne correspondant pas à la balise ouvrante {open} "
            "(ligne {line}).",
        ),
        (
            r"Premature end of data in tag (?P<tag>\S+) line (?P<line>\d+)",
            "Fin de fichier prématurée : la balise {tag} ouverte ligne {line} n'est pas fermée.",
        ),
        (r"Extra content at the end of the document", "Contenu en trop après l'élément racine."),
        (r"Document is empty", "Le document est vide."),
        (r"Start tag expected, '<' not found", "Balise ouvrante attendue : « < » introuvable."),
        (r"StartTag: invalid element name", "Nom d'élément invalide dans une balise ouvrante."),
        (
            r"Couldn't find end of Start Tag (?P<tag>\S+)",
            "Fin de la balise ouvrante {tag} introuvable.",
        ),
        (
            r"EndTag: '</' not found",
            "Balise fermante attendue : « </ » introuvable.",
        ),
        (r"EntityRef: expecting ';'", "Référence d'entité sans « ; » final (« & » non échappé ?)."),
        (r"xmlParseEntityRef: no name", "Caractère « & » non échappé (écrire &amp;)."),
        (
            r"Entity '(?P<name>[^']+)' not defined",
            "Entité {name} non définie.",
        ),
        (
            r"Attribute (?P<name>\S+) redefined",
            "Attribut {name} présent deux fois sur le même élément.",
        ),
        (
            r"AttValue: \" or ' expected",
            "Valeur d'attribut attendue entre guillemets.",
        ),
        (
            r"Specification mandates value for attribute (?P<name>\S+)",
            "L'attribut {name} doit avoir une valeur.",
        ),
        (r"attributes construct error", "Attributs mal construits."),
        (
            r"Namespace prefix (?P<prefix>\S+) on (?P<tag>\S+) is not defined",
            "Préfixe d'espace de noms {prefix} non déclaré (élément {tag}).",
        ),
        (
            r"Input is not proper UTF-8, indicate encoding !",
            "Le contenu n'est pas en UTF-8 valide : indiquer l'encodage dans la déclaration XML.",
        ),
        (
            r"Char 0x(?P<code>[0-9A-Fa-f]+) out of allowed range",
            "Caractère 0x{code} interdit en XML.",
        ),
        (r"expected '>'", "« > » attendu."),
        # JSON (Python's json module).
        (r"Expecting value", "Valeur attendue."),
        (
            r"Expecting property name enclosed in double quotes",
            "Nom de propriété attendu entre guillemets droits.",
        ),
        (r"Expecting ',' delimiter", "Virgule attendue."),
        (r"Expecting ':' delimiter", "Deux-points attendus."),
        (r"Extra data", "Contenu en trop après la valeur JSON."),
        (r"Unterminated string starting at", "Chaîne de caractères non terminée."),
        (r"Invalid control character at", "Caractère de contrôle interdit dans une chaîne."),
    ]
]

# Lines and columns lxml appends to syntax messages: the finding carries the line itself.
_POSITION = re.compile(r",? line \d+, column \d+$")
_PREFIXES = ("XSD CDA : ", "XML mal formé : ", "JSON invalide : ")


def translate(message: str) -> str:
    """The French wording of ``message``; ``message`` itself when no entry matches."""
    prefix = next((p for p in _PREFIXES if message.startswith(p)), "")
    body = _POSITION.sub("", message[len(prefix) :])
    for pattern, template in _TRANSLATIONS:
        match = pattern.match(body)
        if match:
            groups = {k: _plain_name(v or "") for k, v in match.groupdict().items()}
            attribute = groups.get("attribute", "")
            groups["attribute_suffix"] = f" (attribut {attribute})" if attribute else ""
            kind = groups.get("type", "")
            groups["type_suffix"] = f" (type {kind})" if kind else ""
            return prefix + template.format(**groups)
    return message


def _plain_name(value: str) -> str:
    """``{urn:hl7-org:v3}author`` → ``author``: the namespace adds nothing for a reader."""
    return re.sub(r"\{[^}]*\}", "", value).strip()
