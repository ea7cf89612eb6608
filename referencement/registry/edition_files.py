"""The files of a registry edition (issue 15): its JSON document, its CSV, the hash of its
rows, and the differences between two editions. Django-free apart from the row shapes."""

from __future__ import annotations

import hashlib
import io
import json

from referencement.lib.csv_safety import SafeCsvWriter

from .choices import AttestationStatus

CSV_HEADER = [
    "type",
    "dispositif",
    "editeur",
    "solution",
    "numero",
    "version_technique",
    "profils",
    "delivree_le",
    "statut",
    "fin_le",
]


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def canonical_json(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def content_hash(attestations: list[dict], candidates: list[dict]) -> str:
    return sha256_hex(canonical_json({"attestations": attestations, "candidates": candidates}))


def csv_document(attestations: list[dict], candidates: list[dict]) -> bytes:
    """UTF-8 with a BOM, `;`-separated, cells safe for spreadsheets."""
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer, delimiter=";")
    writer.writerow(CSV_HEADER)
    for a in attestations:
        writer.writerow(
            [
                "référencé",
                a["dispositif"],
                a["editor"],
                a["solution"],
                a["number"],
                a["technical_version"],
                " | ".join(a["profiles"]),
                a["issued_at"][:10],
                a["status_label"],
                (a["ended_at"] or "")[:10],
            ]
        )
    for c in candidates:
        writer.writerow(["candidat", c["dispositif"], c["editor"], c["solution"]] + [""] * 6)
    return ("\ufeff" + buffer.getvalue()).encode()


def edition_document(
    *,
    number: int,
    published_at: str,
    previous_sha256: str,
    csv_sha256: str,
    attestations: list[dict],
    candidates: list[dict],
) -> bytes:
    """The JSON file of an edition: every attestation ever issued (current and ended, with
    its dates, so that « referenced on date D » is answered from it) and the candidates."""
    return canonical_json(
        {
            "registry": "Registre public du référencement Ségur",
            "edition": number,
            "published_at": published_at,
            "previous_sha256": previous_sha256 or None,
            "csv_sha256": csv_sha256,
            "attestations": attestations,
            "candidates": candidates,
        }
    )


def _candidate_key(c: dict) -> tuple[str, str, str]:
    return (c["dispositif"], c["editor"], c["solution"])


def differences(old: dict | None, new: dict) -> list[dict]:
    """Attestations issued, withdrawn or revoked and candidates added or removed from the
    edition `old` (None before the first) to `new`: the feed entries of an edition."""
    before = {a["number"]: a for a in (old or {}).get("attestations", [])}
    changes = []
    for a in new["attestations"]:
        previous = before.get(a["number"])
        if previous is None:
            changes.append(_change("issued", a, a["issued_at"]))
        if a["status"] != AttestationStatus.VALID and (previous or {}).get("status") != a["status"]:
            changes.append(_change(a["status"], a, a["ended_at"]))
    old_candidates = {_candidate_key(c) for c in (old or {}).get("candidates", [])}
    new_candidates = {_candidate_key(c) for c in new["candidates"]}
    for kind, keys in (
        ("candidate_added", new_candidates - old_candidates),
        ("candidate_removed", old_candidates - new_candidates),
    ):
        changes += [
            {"kind": kind, "dispositif": d, "editor": e, "solution": s} for d, e, s in sorted(keys)
        ]
    return changes


def _change(kind: str, attestation: dict, at: str | None) -> dict:
    return {
        "kind": kind,
        "number": attestation["number"],
        "dispositif": attestation["dispositif"],
        "editor": attestation["editor"],
        "solution": attestation["solution"],
        "at": at,
    }
