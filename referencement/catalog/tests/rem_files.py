"""Small REM spreadsheets built at test time (nothing is copied from the agency's files)."""

from __future__ import annotations

import io

from openpyxl import Workbook

from referencement.lib.rem_sheets import CONVERGENCE_HEADERS


def xlsx(rows: list[list]) -> io.BytesIO:
    workbook = Workbook()
    for values in rows:
        workbook.active.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "rem.xlsx"
    return buffer


def convergence_row(
    code: str,
    *,
    profile: str = "Général",
    scenario: int = 1,
    evidence: int = 1,
    perimeter: str = "Vague 2",
    text: str = "Le système DOIT faire.",
) -> list:
    return [
        perimeter,
        code,
        "Gestion de l'Identité Nationale de Santé",
        "Fonction",
        text,
        "",
        profile,
        f"{code}.{scenario:02}",
        "Scénario",
        f"{code}.{scenario:02}.{evidence:02}",
        "Capture d'écran de l'écran",
        profile,
        "Majeure",
        None,
    ]


def convergence_file(*rows: list) -> io.BytesIO:
    return xlsx([CONVERGENCE_HEADERS, *rows])
