"""Usage statistics CSV of SC.STAT/ES.02 (003 §3.2.5, hospital intermediation platform).

003 §3.2.5 lists the dimensions (geographic FINESS, document type, month) and the
counters, but the agency's sample CSV is not public; we name the columns after the text.
Headers are matched without case, accents, spaces or hyphens (``Type de document`` =
``type_document``). Delimiter ``;`` or ``,``; UTF-8 with or without BOM.

Dimensions: ``finess``, ``type_document``, ``periode`` (``AAAA-MM``).
Counters (non-negative integers): see ``COUNTERS``.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date

from .findings import Finding, error

DIMENSIONS = ("finess", "type_document", "periode")
# 003 §3.2.5, in the order of the text.
COUNTERS = (
    "dmp_reussi",  # transmis au DMP (en flux) – réussi
    "dmp_echec",  # transmis au DMP (en flux) – en échec
    "dmp_historique_reussi",  # "historique" transmis au DMP (profondeur 5 ans) – réussi
    "mss_ps_reussi",  # envoyés aux correspondants externes vers MSSanté – réussi
    "mss_ps_echec",
    "mss_ps_ins_qualifiee_reussi",  # avec une INS qualifiée – réussi
    "mss_ps_ins_qualifiee_echec",
    "mss_ps_mis_a_jour",  # documents mis à jour envoyés
    "mss_ps_supprimes",  # documents supprimés envoyés
    "mss_patient_reussi",  # transmis au patient (MSS citoyenne) – réussi
    "mss_patient_echec",
    "reception_reussi",  # courriels reçus et transmis au logiciel destinataire – réussi
    "reception_echec",
    "reception_demande_maj_suppression",  # demandes de mise à jour ou suppression reçues
)
_PERIOD = re.compile(r"(\d{4})-?(\d{2})")
_FINESS = re.compile(r"\d{2}|2A|2B")


def normalise(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return re.sub(r"_(de|du|des|d|l|la|le|au|aux)_", "_", f"_{text}_").strip("_")


def check_stats_csv(data: bytes, *, today: date | None = None) -> list[Finding]:
    today = today or date.today()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [error("csv.encodage", "ligne 1", "Le fichier doit être encodé en UTF-8.")]
    if not text.strip():
        return [error("csv.format", "ligne 1", "Le fichier CSV est vide.")]
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [normalise(h) for h in next(rows)]
    missing = [c for c in (*DIMENSIONS, *COUNTERS) if c not in header]
    if missing:
        return [
            error(
                "csv.colonnes", "ligne 1", f"Colonnes obligatoires absentes : {', '.join(missing)}."
            )
        ]
    column = {name: header.index(name) for name in (*DIMENSIONS, *COUNTERS)}
    findings: list[Finding] = []
    months: dict[str, set[tuple[int, int]]] = {}
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"ligne {number}"
        if len(row) != len(header):
            findings.append(
                error("csv.format", where, f"{len(row)} colonnes au lieu de {len(header)}.")
            )
            continue
        values = {name: row[index].strip() for name, index in column.items()}
        findings += _check_row(values, where, today)
        period = _PERIOD.fullmatch(values["periode"])
        if period:
            months.setdefault(values["finess"], set()).add(
                (int(period.group(1)), int(period.group(2)))
            )
    if not months and not findings:
        findings.append(error("csv.format", "ligne 2", "Le fichier ne contient aucune donnée."))
    findings += _check_coverage(months, today)
    return findings


def _check_row(values: dict[str, str], where: str, today: date) -> list[Finding]:
    findings = []
    finess = values["finess"]
    if len(finess) != 9 or not _FINESS.fullmatch(finess[:2]) or not finess[2:].isdigit():
        findings.append(error("csv.finess", where, f"FINESS géographique « {finess} » invalide."))
    if not values["type_document"]:
        findings.append(error("csv.type_document", where, "Le type de document est vide."))
    period = _PERIOD.fullmatch(values["periode"])
    if not period or not 1 <= int(period.group(2)) <= 12:
        findings.append(
            error("csv.periode", where, f"Période « {values['periode']} » invalide (AAAA-MM).")
        )
    elif (int(period.group(1)), int(period.group(2))) > (today.year, today.month):
        findings.append(
            error("csv.periode", where, f"Période « {values['periode']} » dans le futur.")
        )
    for name in COUNTERS:
        if not values[name].isdigit():
            findings.append(
                error(
                    "csv.compteur",
                    where,
                    f"Le compteur {name} doit être un entier positif ou nul "
                    f"(trouvé « {values[name]} »).",
                )
            )
    return findings


def _check_coverage(months: dict[str, set[tuple[int, int]]], today: date) -> list[Finding]:
    # 003 §3.2.5: at least every month of the current and of the previous year.
    expected = {(today.year - 1, m) for m in range(1, 13)}
    expected |= {(today.year, m) for m in range(1, today.month + 1)}
    findings = []
    for finess, present in sorted(months.items()):
        absent = sorted(expected - present)
        if absent:
            listed = ", ".join(f"{y}-{m:02d}" for y, m in absent)
            findings.append(
                error(
                    "csv.periodes_manquantes",
                    f"FINESS {finess}",
                    f"Mois absents pour le FINESS {finess} : {listed}.",
                )
            )
    return findings
