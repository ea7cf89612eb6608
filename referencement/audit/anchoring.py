"""Anchoring the audit chain outside the database.

The hash chain alone detects a changed row, but someone with write access to the database can
rewrite a row and recompute every hash after it, or delete the last rows and move the chain
head back. So the head (sequence, hash, time) is regularly written to an append-only file
outside the database, each line signed with an Ed25519 key the database does not hold
(`AUDIT_KEY_PATH`). `verify_anchors` then checks the chain in the database against every
anchor: a rewritten or truncated history no longer matches the anchors taken before it.
Each anchor also carries the hash of the previous line, so a line removed from the middle of
the file is reported too.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS_ANCHOR_HASH = "0" * 64


@dataclass(frozen=True)
class Anchor:
    line_number: int
    sequence: int
    hash: str
    anchored_at: str
    previous_anchor: str
    line_hash: str
    signature_valid: bool

    def label(self) -> str:
        return f"ancre n° {self.line_number} du {self.anchored_at} (événement n° {self.sequence})"

    def signed_payload(self) -> bytes:
        return _signed_payload(self.sequence, self.hash, self.anchored_at, self.previous_anchor)


@dataclass(frozen=True)
class AnchorProblem:
    sequence: int
    message: str


def anchors_path() -> Path:
    return Path(settings.AUDIT_ANCHORS_PATH)


def _load_private_key() -> Ed25519PrivateKey:
    path = settings.AUDIT_KEY_PATH
    if not path:
        raise ImproperlyConfigured(
            "REFERENCEMENT_AUDIT_KEY doit désigner la clé Ed25519 de signature des ancres."
        )
    path = Path(path)
    if not path.exists():
        if settings.PRODUCTION:
            raise ImproperlyConfigured(f"Clé de signature des ancres introuvable : {path}.")
        _generate_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ImproperlyConfigured(f"La clé {path} n'est pas une clé Ed25519.")
    return key


def _generate_key(path: Path) -> None:
    """Development only, like the secret key: a key kept in the data directory."""
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)


def _signed_payload(sequence: int, chain_hash: str, anchored_at: str, previous: str) -> bytes:
    payload = {
        "sequence": sequence,
        "hash": chain_hash,
        "anchored_at": anchored_at,
        "previous_anchor": previous,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()


def read_anchors() -> list[Anchor]:
    """Every anchor of the file, in order, with its signature checked."""
    path = anchors_path()
    if not path.exists():
        return []
    public_key = _load_private_key().public_key()
    anchors = []
    for number, raw in enumerate(path.read_bytes().splitlines(), start=1):
        if not raw.strip():
            continue
        line_hash = hashlib.sha256(raw).hexdigest()
        data: object = {}
        valid = False
        try:
            data = json.loads(raw)
            payload = _signed_payload(
                int(data["sequence"]), data["hash"], data["anchored_at"], data["previous_anchor"]
            )
            public_key.verify(base64.b64decode(data["signature"]), payload)
            valid = True
        except (ValueError, KeyError, TypeError, InvalidSignature):
            data = data if isinstance(data, dict) else {}
        anchors.append(
            Anchor(
                line_number=number,
                sequence=int(data.get("sequence", 0) or 0),
                hash=str(data.get("hash", "")),
                anchored_at=str(data.get("anchored_at", "")),
                previous_anchor=str(data.get("previous_anchor", "")),
                line_hash=line_hash,
                signature_valid=valid,
            )
        )
    return anchors


def anchor_chain_head(*, force: bool = False) -> Anchor | None:
    """Append the current chain head to the anchors file; None when already anchored.

    The head is read from the last event itself (not the head row alone), so an anchor
    always names a row that exists.
    """
    last = AuditEvent.objects.order_by("-sequence").first()
    sequence, chain_hash = (last.sequence, last.hash) if last else (0, "0" * 64)
    anchors = read_anchors()
    previous = anchors[-1] if anchors else None
    if (
        not force
        and previous is not None
        and (previous.sequence, previous.hash) == (sequence, chain_hash)
    ):
        return None
    previous_anchor = previous.line_hash if previous else GENESIS_ANCHOR_HASH
    anchored_at = timezone.now().isoformat(timespec="seconds")
    payload = _signed_payload(sequence, chain_hash, anchored_at, previous_anchor)
    signature = base64.b64encode(_load_private_key().sign(payload)).decode()
    line = json.dumps(
        {
            "sequence": sequence,
            "hash": chain_hash,
            "anchored_at": anchored_at,
            "previous_anchor": previous_anchor,
            "signature": signature,
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    path = anchors_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return Anchor(
        line_number=(anchors[-1].line_number if anchors else 0) + 1,
        sequence=sequence,
        hash=chain_hash,
        anchored_at=anchored_at,
        previous_anchor=previous_anchor,
        line_hash=hashlib.sha256(line).hexdigest(),
        signature_valid=True,
    )


def verify_anchors() -> tuple[int, list[AnchorProblem]]:
    """Check the chain in the database against every anchor; returns (anchors, problems)."""
    anchors = read_anchors()
    problems: list[AnchorProblem] = []
    expected_previous = GENESIS_ANCHOR_HASH
    hashes = dict(
        AuditEvent.objects.filter(sequence__in=[a.sequence for a in anchors]).values_list(
            "sequence", "hash"
        )
    )
    last_present = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True)
    last_sequence = last_present.first() or 0
    head = AuditChainHead.objects.filter(pk=1).first()
    for anchor in anchors:
        if not anchor.signature_valid:
            problems.append(
                AnchorProblem(anchor.sequence, f"{anchor.label()} : signature invalide")
            )
            continue
        if anchor.previous_anchor != expected_previous:
            problems.append(
                AnchorProblem(
                    anchor.sequence,
                    f"{anchor.label()} : l'ancre précédente a été supprimée ou modifiée",
                )
            )
        expected_previous = anchor.line_hash
        if anchor.sequence == 0:
            continue
        stored = hashes.get(anchor.sequence)
        if stored is None:
            problems.append(
                AnchorProblem(
                    anchor.sequence,
                    f"historique tronqué : {anchor.label()} atteste l'événement "
                    f"n° {anchor.sequence}, absent de la base (dernier présent n° "
                    f"{last_sequence}, tête enregistrée n° "
                    f"{head.last_sequence if head else 0})",
                )
            )
        elif stored != anchor.hash:
            problems.append(
                AnchorProblem(
                    anchor.sequence,
                    f"historique réécrit : l'événement n° {anchor.sequence} ne correspond plus "
                    f"à l'{anchor.label()} (empreinte ancrée {anchor.hash[:16]}…, "
                    f"en base {stored[:16]}…)",
                )
            )
    return len(anchors), problems
