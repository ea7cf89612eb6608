"""HL7 v2 messages carrying CDA documents (CI-SIS volet "Transmission de documents CDA en
HL7v2" v2.1): MDM T02/T10/T04, ORU R01 and their ACK."""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path

from .cda import check_cda_tree, patient_ins
from .er7 import Er7Error, Segment, parse_message
from .findings import Finding, error, info, warning
from .xmlsafe import parse_xml

# CI-SIS HL7v2 volet v2.1: MSH-21 profile identifier.
PROFILE = "2.1^CISIS_CDA_HL7_V2"
# CI-SIS HL7v2 volet v2.1: trigger → ORC-1 → OBX-11 of the OBX carrying the document.
MDM_ACTIONS = {"T02": ("NW", "F"), "T10": ("RO", "C"), "T04": ("CA", "D")}
ORU_RESULT_STATUS = {"NW": "F", "RO": "C", "CA": "D"}
# CI-SIS HL7v2 volet v2.1 segment order; the trailing group is {OBX [PRT] [NTE]}.
MDM_HEAD = (
    ("MSH", 1, 1),
    ("EVN", 1, 1),
    ("PID", 1, 1),
    ("PV1", 1, 1),
    ("ORC", 1, 1),
    ("TQ1", 0, 1),
    ("OBR", 1, 1),
    ("NTE", 0, 99),
    ("TXA", 1, 1),
)
ORU_HEAD = (
    ("MSH", 1, 1),
    ("PID", 1, 1),
    ("PV1", 0, 1),
    ("ORC", 1, 1),
    ("TQ1", 0, 1),
    ("OBR", 1, 1),
    ("NTE", 0, 99),
)
# Flags sent next to the document are OBX coded in the MetaDMPMSS code system.
META_CODE_SYSTEM = "MetaDMPMSS"
ACK_CODES = {"AA", "AE", "AR", "CA", "CE", "CR"}
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def check_hl7(data: bytes, *, schematron_dir: Path | None = None) -> list[Finding]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # MSH-18 may announce 8859/1; the CI-SIS samples use UNICODE UTF-8.
        text = data.decode("latin-1")
    try:
        segments = parse_message(text)
    except Er7Error as exc:
        return [error("hl7.syntaxe", "MSH", str(exc))]
    msh = segments[0]
    message_type = msh.components(9)
    event = message_type[0] if message_type else ""
    trigger = message_type[1] if len(message_type) > 1 else ""
    if event == "ACK":
        return _check_ack(segments)
    if event not in ("MDM", "ORU"):
        return [
            error(
                "hl7.type",
                msh.where(9),
                f"Type de message « {msh.field(9)} » non pris en charge (MDM ou ORU attendu).",
            )
        ]
    findings = []
    if PROFILE not in msh.field(21).split(msh.encoding[1]):
        findings.append(
            error(
                "hl7.profil",
                msh.where(21),
                f"MSH-21 doit contenir « {PROFILE} » (volet CI-SIS, trouvé « {msh.field(21)} »).",
            )
        )
    if event == "MDM":
        if trigger not in MDM_ACTIONS:
            findings.append(
                error(
                    "hl7.type",
                    msh.where(9),
                    f"Événement MDM « {trigger} » inattendu (T02, T10 ou T04 attendu).",
                )
            )
        findings += check_order(segments, MDM_HEAD)
    else:
        findings += check_order(segments, ORU_HEAD)
    findings += _check_documents(segments, event, trigger, schematron_dir)
    return findings


def _check_ack(segments: list[Segment]) -> list[Finding]:
    msa = next((s for s in segments if s.name == "MSA"), None)
    if msa is None:
        return [error("hl7.ack", "MSA", "Accusé de réception sans segment MSA.")]
    code = msa.field(1)
    if code not in ACK_CODES:
        return [error("hl7.ack", msa.where(1), f"Code d'acquittement « {code} » inconnu.")]
    return [
        info(
            "hl7.ack",
            msa.where(1),
            f"Accusé de réception HL7 ({code}) du message « {msa.field(2)} ».",
        )
    ]


def check_order(segments: list[Segment], head: tuple[tuple[str, int, int], ...]) -> list[Finding]:
    """Head segments in order, then one or more {OBX [PRT…] [NTE…]} groups."""
    position = 0
    for name, minimum, maximum in head:
        count = 0
        while position < len(segments) and segments[position].name == name and count < maximum:
            position += 1
            count += 1
        if count < minimum:
            return [_order_error(segments, position, name)]
    if position >= len(segments) or segments[position].name != "OBX":
        return [_order_error(segments, position, "OBX")]
    for segment in segments[position:]:
        if segment.name not in ("OBX", "PRT", "NTE"):
            return [
                error(
                    "hl7.ordre",
                    f"{segment.name}[{segment.occurrence}]",
                    f"Segment {segment.name} inattendu après les OBX "
                    "(seuls OBX, PRT et NTE sont admis).",
                )
            ]
    return []


def _order_error(segments: list[Segment], position: int, expected: str) -> Finding:
    if position >= len(segments):
        return error("hl7.ordre", expected, f"Segment {expected} manquant en fin de message.")
    found = segments[position]
    return error(
        "hl7.ordre",
        f"{found.name}[{found.occurrence}]",
        f"Segment {expected} attendu en position {position + 1}, trouvé {found.name}.",
    )


def _expected_status(segments: list[Segment], event: str, trigger: str) -> list[Finding] | str:
    orc = next((s for s in segments if s.name == "ORC"), None)
    order_control = orc.field(1) if orc else ""
    if event == "MDM":
        if trigger not in MDM_ACTIONS:
            return ""
        expected_control, status = MDM_ACTIONS[trigger]
        if orc and order_control != expected_control:
            return [
                error(
                    "hl7.action",
                    orc.where(1),
                    f"ORC-1 doit valoir {expected_control} pour un MDM^{trigger} "
                    f"(trouvé « {order_control} »).",
                )
            ]
        return status
    if order_control not in ORU_RESULT_STATUS:
        where = orc.where(1) if orc else "ORC"
        return [error("hl7.action", where, f"ORC-1 « {order_control} » inattendu (NW, RO, CA).")]
    return ORU_RESULT_STATUS[order_control]


def _check_documents(
    segments: list[Segment], event: str, trigger: str, schematron_dir: Path | None
) -> list[Finding]:
    findings: list[Finding] = []
    expected = _expected_status(segments, event, trigger)
    if isinstance(expected, list):
        findings += expected
        expected = ""
    documents = [
        s
        for s in segments
        if s.name == "OBX" and s.field(2) == "ED" and s.component(3, 3) != META_CODE_SYSTEM
    ]
    if not documents:
        return findings + [error("hl7.document", "OBX", "Aucun OBX de type ED ne porte de CDA.")]
    pid = next((s for s in segments if s.name == "PID"), None)
    for obx in documents:
        if expected and obx.field(11) != expected:
            findings.append(
                error(
                    "hl7.action",
                    obx.where(11),
                    f"OBX-11 doit valoir {expected} pour cette action "
                    f"(trouvé « {obx.field(11)} »).",
                )
            )
        findings += _check_embedded_cda(obx, pid, schematron_dir)
    return findings


def _check_embedded_cda(
    obx: Segment, pid: Segment | None, schematron_dir: Path | None
) -> list[Finding]:
    where = obx.where(5)
    value = obx.components(5)
    encoding = value[3] if len(value) > 3 else ""
    if encoding.lower() != "base64" or len(value) < 5:
        return [error("hl7.base64", where, "OBX-5 doit porter le CDA encodé en Base64 (OBX-5.4).")]
    document, findings = decode_base64(value[4], where)
    if document is None:
        return findings
    tree, xml_findings = parse_xml(document, rule="cda.xml")
    if tree is None:
        return findings + [f.within(where) for f in xml_findings]
    findings += [f.within(where) for f in check_cda_tree(tree, schematron_dir=schematron_dir)]
    cda_code = tree.getroot().find("{urn:hl7-org:v3}code")
    if cda_code is not None and obx.component(3, 1) != cda_code.get("code"):
        findings.append(
            error(
                "hl7.document",
                obx.where(3),
                f"OBX-3 « {obx.component(3, 1)} » diffère du code du CDA "
                f"« {cda_code.get('code')} ».",
            )
        )
    patient = patient_ins(tree.getroot())
    if pid is not None and patient is not None:
        if not any(
            number == patient[0] and oid in ("", patient[1]) for number, oid in pid_identifiers(pid)
        ):
            findings.append(
                error(
                    "hl7.patient",
                    pid.where(3),
                    f"PID-3 ne contient pas l'INS du patient du CDA ({patient[0]}, "
                    f"OID {patient[1]}).",
                )
            )
    return findings


def pid_identifiers(pid: Segment) -> set[tuple[str, str]]:
    """``(id, assigning authority OID)`` of each PID-3 repetition (CX.1 and CX.4.2)."""
    identifiers = set()
    for repetition in pid.repetitions(3):
        authority = repetition[3].split(pid.encoding[3]) if len(repetition) > 3 else []
        identifiers.add((repetition[0], authority[1] if len(authority) > 1 else ""))
    return identifiers


def decode_base64(payload: str, where: str) -> tuple[bytes | None, list[Finding]]:
    compact = "".join(payload.split())
    if not _BASE64.fullmatch(compact):
        return None, [error("hl7.base64", where, "Le contenu Base64 de OBX-5 est invalide.")]
    findings = []
    if len(compact) % 4:
        findings.append(
            warning("hl7.base64", where, "Base64 sans le remplissage final « = » (toléré).")
        )
        compact += "=" * (-len(compact) % 4)
    try:
        return base64.b64decode(compact, validate=True), findings
    except (binascii.Error, ValueError):
        return None, [error("hl7.base64", where, "Le contenu Base64 de OBX-5 est invalide.")]
