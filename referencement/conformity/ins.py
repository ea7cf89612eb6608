"""INS (Identifiant National de Santé) checks: matricule, OID, strict traits, status.

Standalone input format (``kind="ins"``), UTF-8, either a JSON object or ``clé: valeur``
text lines (``#`` starts a comment line), with these keys::

    matricule        15 characters: 13-digit NIR or NIA (2A/2B allowed) + 2-digit key
    oid              1.2.250.1.213.1.4.8 (INS-NIR), .9 (INS-NIA), .10 (test), .11 (démo)
    nom_naissance    birth family name
    prenoms          birth given names (the first one is the first given name)
    date_naissance   YYYY-MM-DD or YYYYMMDD
    sexe             M, F or I
    lieu_naissance   INSEE code of the birth place (5 characters, 99xxx abroad)
    statut           optional identity status: PROV, VALI, RECUP or QUAL

Example (text)::

    matricule: 279035121518989
    oid: 1.2.250.1.213.1.4.10
    nom_naissance: PAT-TROIS
    prenoms: DOMINIQUE MARIE-LOUISE
    date_naissance: 1979-03-28
    sexe: F
    lieu_naissance: 51215
    statut: QUAL
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date

from lxml import etree
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.fr import nir

from .findings import Finding, error, warning

# REFERENCE.md, facts gathered from the FR Core profile.
INS_OIDS = {
    "1.2.250.1.213.1.4.8": "INS-NIR",
    "1.2.250.1.213.1.4.9": "INS-NIA",
    "1.2.250.1.213.1.4.10": "INS-NIR de test",
    "1.2.250.1.213.1.4.11": "INS-NIR de démonstration",
}
# RNIV identity statuses.
IDENTITY_STATUSES = {"PROV", "VALI", "RECUP", "QUAL"}

TRAITS = {
    "nom_naissance": "nom de naissance",
    "prenoms": "prénom(s) de naissance",
    "date_naissance": "date de naissance",
    "sexe": "sexe",
    "lieu_naissance": "code du lieu de naissance",
}

# NIR first digit → sex (1/2 born in France or registered, 7/8 temporary numbers).
_SEX_BY_DIGIT = {"1": "M", "7": "M", "2": "F", "8": "F"}
_CDA = {"cda": "urn:hl7-org:v3"}


@dataclass
class InsIdentity:
    matricule: str = ""
    oid: str = ""
    nom_naissance: str = ""
    prenoms: str = ""
    date_naissance: str = ""  # YYYYMMDD
    sexe: str = ""
    lieu_naissance: str = ""
    statut: str = ""
    # Where each field comes from, for finding locations (field name by default).
    locations: dict[str, str] = field(default_factory=dict)

    def where(self, name: str) -> str:
        return self.locations.get(name, name)


def nir_key(number: str) -> int:
    """Key of a NIR/NIA: 97 − (first 13 digits mod 97), 2A → 19 and 2B → 18."""
    return int(nir.calc_check_digits(number[:13]))


def check_matricule(matricule: str, location: str) -> list[Finding]:
    value = matricule.strip().upper()
    if len(value) != 15:
        return [
            error(
                "ins.matricule",
                location,
                f"Le matricule INS « {value} » doit compter 15 caractères (13 + clé de 2), "
                f"il en compte {len(value)}.",
            )
        ]
    try:
        nir.validate(value)
    except InvalidChecksum:
        return [
            error(
                "ins.cle",
                location,
                f"La clé du matricule INS « {value} » est fausse : attendu "
                f"{nir_key(value):02d} (97 − numéro modulo 97).",
            )
        ]
    except ValidationError:
        return [
            error(
                "ins.matricule",
                location,
                f"Le matricule INS « {value} » doit être composé de chiffres "
                "(2A ou 2B admis pour la Corse).",
            )
        ]
    return []


def check_oid(oid: str, location: str) -> list[Finding]:
    if oid in INS_OIDS:
        return []
    return [
        error(
            "ins.oid",
            location,
            f"L'OID « {oid} » n'est pas un OID d'INS (attendu : {', '.join(INS_OIDS)}).",
        )
    ]


def check_identity(identity: InsIdentity) -> list[Finding]:
    """Matricule, OID, the five strict traits and their coherence with the NIR."""
    findings = check_matricule(identity.matricule, identity.where("matricule"))
    findings += check_oid(identity.oid, identity.where("oid"))
    for name, label in TRAITS.items():
        if getattr(identity, name).strip():
            continue
        findings.append(
            error("ins.traits", identity.where(name), f"Trait strict absent : {label}.")
        )
    if identity.statut and identity.statut not in IDENTITY_STATUSES:
        findings.append(
            error(
                "ins.statut",
                identity.where("statut"),
                f"Statut d'identité « {identity.statut} » inconnu "
                f"(attendu : {', '.join(sorted(IDENTITY_STATUSES))}).",
            )
        )
    if not findings or all(f.rule == "ins.traits" for f in findings):
        findings += _coherence(identity)
    return findings


def _coherence(identity: InsIdentity) -> list[Finding]:
    number = identity.matricule.strip().upper()
    findings: list[Finding] = []
    sex = _SEX_BY_DIGIT.get(number[0])
    if sex and identity.sexe in ("M", "F") and identity.sexe != sex:
        findings.append(
            error(
                "ins.coherence",
                identity.where("sexe"),
                f"Le sexe « {identity.sexe} » ne correspond pas au premier chiffre "
                f"du matricule ({number[0]}).",
            )
        )
    birth = identity.date_naissance
    if len(birth) >= 6 and birth[:6].isdigit():
        if number[1:3] != birth[2:4]:
            findings.append(
                error(
                    "ins.coherence",
                    identity.where("date_naissance"),
                    f"L'année de naissance {birth[:4]} ne correspond pas au matricule "
                    f"(« {number[1:3]} »).",
                )
            )
        # Months 20+ mark an unknown month in the NIR: nothing to compare.
        if "01" <= number[3:5] <= "12" and number[3:5] != birth[4:6]:
            findings.append(
                error(
                    "ins.coherence",
                    identity.where("date_naissance"),
                    f"Le mois de naissance {birth[4:6]} ne correspond pas au matricule "
                    f"(« {number[3:5]} »).",
                )
            )
    place = identity.lieu_naissance.strip().upper()
    if len(place) == 5 and place != number[5:10]:
        # Communes merge and get new codes: a mismatch is suspicious, not proof.
        findings.append(
            warning(
                "ins.coherence",
                identity.where("lieu_naissance"),
                f"Le code du lieu de naissance {place} diffère de celui porté par le "
                f"matricule ({number[5:10]}).",
            )
        )
    return findings


def parse_ins_input(data: bytes) -> tuple[InsIdentity | None, list[Finding]]:
    """Read the standalone JSON or text format described in the module docstring."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [error("ins.format", "/", "Le fichier INS doit être encodé en UTF-8.")]
    values: dict[str, str] = {}
    if text.lstrip().startswith("{"):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [error("ins.format", "", f"JSON invalide : {exc.msg}", line=exc.lineno)]
        if not isinstance(loaded, dict):
            return None, [error("ins.format", "/", "Le JSON INS doit être un objet.")]
        values = {str(k): "" if v is None else str(v) for k, v in loaded.items()}
    else:
        for line in text.splitlines():
            key, sep, value = line.partition(":")
            if sep and not line.lstrip().startswith("#"):
                values[key.strip().lower()] = value.strip()
    if not values:
        return None, [error("ins.format", "/", "Aucune donnée d'identité trouvée.")]
    identity = InsIdentity(
        matricule=values.get("matricule", ""),
        oid=values.get("oid", ""),
        nom_naissance=values.get("nom_naissance", ""),
        prenoms=values.get("prenoms", ""),
        date_naissance=values.get("date_naissance", "").replace("-", ""),
        sexe=values.get("sexe", "").upper(),
        lieu_naissance=values.get("lieu_naissance", ""),
        statut=values.get("statut", "").upper(),
    )
    findings = []
    if identity.date_naissance and not _is_date(identity.date_naissance):
        findings.append(
            error("ins.traits", "date_naissance", "La date de naissance n'est pas une date valide.")
        )
    return identity, findings


def check_ins_file(data: bytes) -> list[Finding]:
    identity, findings = parse_ins_input(data)
    if identity is None:
        return findings
    return findings + check_identity(identity)


def _is_date(value: str) -> bool:
    if not re.fullmatch(r"\d{8}", value):
        return False
    try:
        date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        return False
    return True


def ins_ids(patient_role: etree._Element) -> list[etree._Element]:
    """The ``id`` elements of a CDA ``patientRole`` carrying an INS OID."""
    return [i for i in patient_role.findall("cda:id", _CDA) if i.get("root") in INS_OIDS]


def check_patient_role(patient_role: etree._Element, path: str) -> list[Finding]:
    """INS checks on a CDA ``recordTarget/patientRole`` found at XPath ``path``."""
    ids = ins_ids(patient_role)
    if not ids:
        return [
            error(
                "cda.ins",
                path,
                "Aucun identifiant INS (id avec un OID INS) dans recordTarget/patientRole.",
            )
        ]
    ins_id = ids[0]
    patient = f"{path}/patient"

    def text(xpath: str) -> str:
        values = patient_role.xpath(xpath, namespaces=_CDA)
        return " ".join(str(v).strip() for v in values).strip()

    identity = InsIdentity(
        matricule=ins_id.get("extension", ""),
        oid=ins_id.get("root", ""),
        nom_naissance=text("cda:patient/cda:name/cda:family[@qualifier='BR']/text()"),
        prenoms=text("cda:patient/cda:name/cda:given[not(@qualifier)]/text()"),
        date_naissance=text("cda:patient/cda:birthTime/@value")[:8],
        sexe=text("cda:patient/cda:administrativeGenderCode/@code"),
        lieu_naissance=text("cda:patient/cda:birthplace/cda:place/cda:addr/cda:county/text()"),
        locations={
            "matricule": f"{path}/id/@extension",
            "oid": f"{path}/id/@root",
            "nom_naissance": f"{patient}/name/family[@qualifier='BR']",
            "prenoms": f"{patient}/name/given",
            "date_naissance": f"{patient}/birthTime",
            "sexe": f"{patient}/administrativeGenderCode",
            "lieu_naissance": f"{patient}/birthplace/place/addr/county",
        },
    )
    # CI-SIS StructurationMinimale, include/1.2.250.1.213.1.1.1.1-2017-12-13T103531.sch,
    # rule SMDS_CDAClinicalDocument: with an INS every trait is mandatory, the birth place
    # (COG code in birthplace/place/addr/county) and the first birth given name included.
    findings = check_identity(identity)
    if not text("cda:patient/cda:name/cda:given[@qualifier='BR']/text()"):
        findings.append(
            error(
                "ins.traits",
                f"{patient}/name/given[@qualifier='BR']",
                "Trait strict absent : premier prénom de l'acte de naissance.",
            )
        )
    # Issue 13 item 8: every INS identifier is checked, not only the first (an NIA next to
    # the NIR, say); the traits were checked with the first.
    for other in ids[1:]:
        where = f"{path}/id[@root='{other.get('root')}']/@extension"
        findings += check_matricule(other.get("extension", ""), where)
    return findings
