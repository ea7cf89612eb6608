"""MSSanté messages (.eml) carrying an IHE_XDM package (Ségur SC.MSS/CONF.14–16, 21)."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from .findings import Finding, error, warning
from .xdm import XdmDocument, read_xdm

SUBJECT_PREFIX = "XDM/1.0/DDM+"
_SUBJECT_DATE = re.compile(r"(\d{8}|\d{2}/\d{2}/\d{4})$")
INS_FLAGS = {"O", "N"}
MAX_MULTIPARTS = 50
_MULTIPART = re.compile(rb"content-type:\s*multipart/", re.IGNORECASE)


def check_eml(data: bytes, *, schematron_dir: Path | None = None) -> list[Finding]:
    # The email parser recurses once per nested multipart: bound it before parsing (issue
    # 13 item 9). An MSSanté message nests two or three parts.
    multiparts = len(_MULTIPART.findall(data))
    if multiparts > MAX_MULTIPARTS:
        return [
            error(
                "eml.format",
                "/",
                f"Le message compte {multiparts} parties multipart (maximum {MAX_MULTIPARTS}) :"
                " structure refusée.",
            )
        ]
    message = message_from_bytes(data, policy=policy.default)
    if not isinstance(message, EmailMessage) or not message.keys():
        return [error("eml.format", "/", "Le fichier n'est pas un message électronique lisible.")]
    findings = []
    archives = [
        part
        for part in message.walk()
        if part.get_content_type() in ("application/zip", "application/x-zip-compressed")
        or (part.get_filename() or "").lower().endswith(".zip")
    ]
    if len(archives) != 1:
        return [
            error(
                "eml.xdm",
                "pièces jointes",
                f"Le message doit joindre exactement une archive IHE_XDM (trouvé {len(archives)}).",
            )
        ]
    attachment = archives[0]
    name = attachment.get_filename() or "IHE_XDM.ZIP"
    payload = attachment.get_payload(decode=True) or b""
    content = read_xdm(payload, schematron_dir=schematron_dir)
    findings += [f.within(name) for f in content.findings]
    patients = {d.patient for d in content.documents if d.patient}
    if len(patients) > 1:
        findings.append(
            error("eml.patient", name, "Le message concerne plusieurs patients (un seul admis).")
        )
    findings += _check_subject(message, content.documents)
    findings += _check_headers(message, content.documents)
    return findings


def _check_subject(message: EmailMessage, documents: list[XdmDocument]) -> list[Finding]:
    subject = " ".join(str(message.get("Subject", "")).split())
    if not subject.startswith(SUBJECT_PREFIX):
        return [
            error(
                "eml.objet",
                "Subject",
                f"L'objet doit commencer par « {SUBJECT_PREFIX} » "
                "(XDM/1.0/DDM+<libellé> <NOM> <prénom> [<date de naissance>]).",
            )
        ]
    rest = subject[len(SUBJECT_PREFIX) :]
    findings = []
    for document in documents[:1]:
        name = document.family_name
        if name and name.upper() not in rest.upper():
            findings.append(
                error("eml.objet", "Subject", f"L'objet ne contient pas le nom du patient {name}.")
            )
        birth = document.birth_time
        date = _SUBJECT_DATE.search(rest)
        if date and birth and date.group(1).replace("/", "") not in (birth, _french(birth)):
            findings.append(
                error("eml.objet", "Subject", "La date de naissance de l'objet diffère du CDA.")
            )
    return findings


def _french(yyyymmdd: str) -> str:
    return yyyymmdd[6:8] + yyyymmdd[4:6] + yyyymmdd[:4]


def _check_headers(message: EmailMessage, documents: list[XdmDocument]) -> list[Finding]:
    findings = []
    ins_flag = str(message.get("X-MSS-INS", "")).strip()
    has_ins = any(d.patient for d in documents)
    if ins_flag not in INS_FLAGS:
        findings.append(error("eml.entetes", "X-MSS-INS", "X-MSS-INS doit valoir O ou N."))
    elif (ins_flag == "O") != has_ins:
        findings.append(
            error(
                "eml.entetes",
                "X-MSS-INS",
                f"X-MSS-INS vaut {ins_flag} alors que les documents "
                f"{'portent' if has_ins else 'ne portent pas'} d'INS.",
            )
        )
    codes = str(message.get("X-MSS-CODECDA", "")).strip()
    if not codes:
        findings.append(error("eml.entetes", "X-MSS-CODECDA", "En-tête X-MSS-CODECDA absent."))
    else:
        for document in documents:
            if document.type_code and document.type_code not in codes:
                findings.append(
                    error(
                        "eml.entetes",
                        "X-MSS-CODECDA",
                        f"X-MSS-CODECDA « {codes} » ne mentionne pas le type "
                        f"{document.type_code} du document {document.path}.",
                    )
                )
    for header in ("X-MSS-NIL", "X-MSS-MES"):
        if message.get(header) is None:
            findings.append(warning("eml.entetes", header, f"En-tête {header} absent."))
    mes = message.get("X-MSS-MES")
    if mes is not None and str(mes).strip() != "FIN":
        findings.append(warning("eml.entetes", "X-MSS-MES", "X-MSS-MES devrait valoir FIN."))
    return findings
