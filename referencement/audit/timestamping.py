"""RFC 3161 time-stamps on the audit anchors, where a time-stamping authority is configured.

The Ed25519 signature proves who wrote an anchor, not when: whoever holds the key could write
back-dated anchors. When `AUDIT_TSA_URL` is set, each anchor's signed payload is also
time-stamped by that authority (SHA-256 message imprint, RFC 3161 §2.4.1); the response
(a TimeStampResp, DER) is kept in base64 in an append-only file beside the anchors file,
with the authority's genTime. An authority that does not answer never blocks anchoring:
the anchor is written without a token and time-stamped at the next anchoring.
`verify_timestamps` checks every token against the anchor it covers and the authority's
certificate (`AUDIT_TSA_CERT`: the TSA certificate followed by its chain up to the root).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path

from cryptography import x509
from django.conf import settings
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

from referencement.lib.french import plural

from .anchoring import Anchor, AnchorProblem, anchor_chain_head, anchors_path, read_anchors

logger = logging.getLogger(__name__)

TSA_TIMEOUT_SECONDS = 10
TSA_BATCH = 100


@dataclass(frozen=True)
class TimestampReport:
    problems: list[AnchorProblem]
    warnings: list[str]


def tokens_path() -> Path:
    anchors = anchors_path()
    return anchors.with_name(f"{anchors.stem}.tsa.jsonl")


def read_tokens() -> dict[str, dict]:
    """The stored tokens, by the hash of the anchor line they time-stamp."""
    path = tokens_path()
    if not path.exists():
        return {}
    tokens = {}
    for raw in path.read_bytes().splitlines():
        try:
            entry = json.loads(raw)
            tokens[str(entry["anchor_line_hash"])] = entry
        except (ValueError, KeyError, TypeError):
            continue
    return tokens


def _request_token(payload: bytes) -> bytes:
    request = TimestampRequestBuilder().data(payload).hash_algorithm(HashAlgorithm.SHA256).build()
    http_request = urllib.request.Request(
        settings.AUDIT_TSA_URL,
        data=request.as_bytes(),
        headers={"Content-Type": "application/timestamp-query"},
        method="POST",
    )
    with urllib.request.urlopen(http_request, timeout=TSA_TIMEOUT_SECONDS) as answer:  # noqa: S310 (configured URL)
        der = answer.read()
    response = decode_timestamp_response(der)
    if PKIStatus(response.status) != PKIStatus.GRANTED:
        raise ValueError(f"horodatage refusé (statut {response.status})")
    if response.tst_info.nonce != request.nonce:
        raise ValueError("nonce de la réponse différent de celui de la requête")
    if response.tst_info.message_imprint.message != hashlib.sha256(payload).digest():
        raise ValueError("empreinte de la réponse différente de celle de l'ancre")
    return der


def _append_token(anchor: Anchor, der: bytes) -> None:
    response = decode_timestamp_response(der)
    line = json.dumps(
        {
            "anchor": anchor.line_number,
            "anchor_line_hash": anchor.line_hash,
            "gen_time": response.tst_info.gen_time.isoformat(),
            "token": base64.b64encode(der).decode(),
        },
        sort_keys=True,
        separators=(",", ":"),
    ).encode()
    fd = os.open(tokens_path(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    try:
        os.write(fd, line + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def timestamp_pending(anchors: list[Anchor]) -> int:
    """Time-stamp the valid anchors that have no token yet, newest first and at most
    `TSA_BATCH` per run (a long history waits for the next runs); returns how many were
    stamped. Stops at the first failure (the authority is down: no use asking again).
    """
    if not settings.AUDIT_TSA_URL:
        return 0
    stored = read_tokens()
    pending = [a for a in anchors if a.signature_valid and a.line_hash not in stored]
    stamped = 0
    for anchor in reversed(pending[-TSA_BATCH:]):
        try:
            der = _request_token(anchor.signed_payload())
        except (OSError, ValueError, HTTPException) as error:
            logger.warning(
                "Autorité d'horodatage injoignable ou réponse invalide pour l'%s : %s ; "
                "nouvel essai au prochain ancrage.",
                anchor.label(),
                error,
            )
            break
        _append_token(anchor, der)
        stamped += 1
    return stamped


def anchor_and_timestamp(*, force: bool = False) -> tuple[Anchor | None, int]:
    """Anchor the chain head (see `anchor_chain_head`), then time-stamp every anchor still
    without a token, the new one and those the authority did not answer for before."""
    anchor = anchor_chain_head(force=force)
    return anchor, timestamp_pending(read_anchors())


def _verifier():
    path = settings.AUDIT_TSA_CERT
    if not path:
        return None
    certificates = x509.load_pem_x509_certificates(Path(path).read_bytes())
    return VerifierBuilder(
        tsa_certificate=certificates[0],
        intermediates=certificates[1:-1],
        roots=certificates[-1:],
    ).build()


def _token_problem(anchor: Anchor, entry: dict, verifier) -> str | None:
    try:
        response = decode_timestamp_response(base64.b64decode(entry["token"]))
    except (ValueError, KeyError, TypeError) as error:
        return f"{anchor.label()} : jeton d'horodatage illisible ({error})"
    digest = hashlib.sha256(anchor.signed_payload()).digest()
    if response.tst_info.message_imprint.message != digest:
        return f"{anchor.label()} : le jeton d'horodatage ne porte pas sur cette ancre"
    try:
        verifier.verify(response, digest)
    except (VerificationError, ValueError) as error:
        return f"{anchor.label()} : jeton d'horodatage invalide ({error})"
    return None


def verify_timestamps(anchors: list[Anchor]) -> TimestampReport:
    """Bad tokens are problems; missing or unverifiable ones are warnings."""
    tokens = read_tokens()
    if not settings.AUDIT_TSA_URL and not tokens:
        return TimestampReport([], [])
    verifier = _verifier()
    problems: list[AnchorProblem] = []
    warnings: list[str] = []
    if verifier is None:
        warnings.append(
            "horodatage : REFERENCEMENT_AUDIT_TSA_CERT non défini, jetons non vérifiables"
        )
    missing = [anchor for anchor in anchors if anchor.line_hash not in tokens]
    if missing:
        warnings.append(
            f"{plural(len(missing), 'ancre', 'ancres')} sans jeton d'horodatage, dont "
            f"l'{missing[-1].label()} (autorité injoignable ? nouvel essai au prochain "
            "ancrage)"
        )
    if verifier is not None:
        for anchor in anchors:
            entry = tokens.get(anchor.line_hash)
            if entry is None:
                continue
            problem = _token_problem(anchor, entry, verifier)
            if problem:
                problems.append(AnchorProblem(anchor.sequence, problem))
    return TimestampReport(problems, warnings)
