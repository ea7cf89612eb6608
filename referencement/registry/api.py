"""Public API of the registry (no login): JSON and CSV downloads, check by number."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Router

from .models import Attestation
from .queries import (
    CSV_HEADER,
    attestation_as_dict,
    candidate_as_dict,
    candidates,
    csv_rows,
    referenced,
)

router = Router(tags=["Registre public"])


def _lists(at: date | None, dispositif: str, q: str):
    # Candidates are a present-time list: the history (`at`) concerns referencings.
    return referenced(at, dispositif=dispositif, q=q), (
        candidates(dispositif=dispositif, q=q) if at is None else []
    )


@router.get(
    "/registry",
    url_name="registry_json",
    summary="Liste publique des solutions référencées et des candidats",
)
def registry_json(request, at: date | None = None, dispositif: str = "", q: str = "") -> dict:
    attestations, candidatures = _lists(at, dispositif, q)
    return {
        "at": at.isoformat() if at else None,
        "referenced": [attestation_as_dict(a) for a in attestations],
        "candidates": [candidate_as_dict(c) for c in candidatures],
    }


@router.get("/registry.csv", url_name="registry_csv", summary="Liste publique au format CSV")
def registry_csv(request, at: date | None = None, dispositif: str = "", q: str = ""):
    attestations, candidatures = _lists(at, dispositif, q)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(attestations, candidatures))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    suffix = f"-{at.isoformat()}" if at else ""
    response["Content-Disposition"] = f'attachment; filename="registre-referencement{suffix}.csv"'
    return response


@router.get(
    "/attestations/{number}",
    url_name="attestation_detail",
    summary="Statut en vigueur d'une attestation",
)
def attestation_detail(request, number: str) -> dict:
    attestation = get_object_or_404(
        Attestation.objects.select_related("dispositif").prefetch_related("events"), number=number
    )
    return attestation_as_dict(attestation, with_history=True)
