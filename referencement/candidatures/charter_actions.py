"""Accepting a dispositif's charter (001 §4.3: « la personne […] ayant le pouvoir d'engager
la responsabilité de l'Editeur accepte d'appliquer les dispositions de la Charte »).

Issue 12 item 8 and issue 16 item 6: only the legal representative the agency validated
(or the delegate they named, validated the same way) accepts, in the browser, after a fresh
second-factor check; the acceptance keeps the SHA-256 of the exact text that was shown.
There is no API path: an API token never carries a second-factor check.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from referencement.accounts.models import Editor
from referencement.accounts.rules import is_legal_representative
from referencement.accounts.second_factor import confirm_second_factor
from referencement.audit.actions import record
from referencement.catalog import calendar
from referencement.catalog.charters import charter_sha256
from referencement.catalog.models import Dispositif
from referencement.core.errors import Conflict
from referencement.core.locking import lock

from .models import CharterAcceptance

NOT_REPRESENTATIVE = (
    "Seul le représentant légal de l'éditeur validé par l'agence, ou la personne qu'il a "
    "déléguée, peut accepter la charte de référencement."
)
CHANGED = (
    "La charte a changé depuis son affichage : relisez la version en vigueur avant de l'accepter."
)


def _require_representative(actor) -> Editor:
    # Read afresh: the actor's cached editor may predate the agency's validation.
    editor = Editor.objects.filter(pk=getattr(actor, "editor_id", None)).first()
    if editor is None or not is_legal_representative(actor, editor):
        raise PermissionDenied(NOT_REPRESENTATIVE)
    return editor


def accept_charter(
    dispositif: Dispositif, *, actor, text_sha256: str, otp_token: str
) -> CharterAcceptance:
    """`text_sha256` is the fingerprint of the text the person read (sent back by the page):
    a text changed in between is refused rather than accepted unseen."""
    _require_representative(actor)
    # In its own transaction: a wrong code counts towards the lock even when refused here.
    confirm_second_factor(actor, otp_token)
    return _record_acceptance(dispositif, actor=actor, text_sha256=text_sha256)


@transaction.atomic
def _record_acceptance(dispositif: Dispositif, *, actor, text_sha256: str) -> CharterAcceptance:
    editor = lock(Editor.objects.get(pk=actor.editor_id))
    if not is_legal_representative(actor, editor):
        raise PermissionDenied(NOT_REPRESENTATIVE)
    dispositif.refresh_from_db(fields=["charter_text", "charter_version"])
    if text_sha256 != charter_sha256(dispositif):
        raise Conflict(CHANGED)
    acceptance, created = CharterAcceptance.objects.get_or_create(
        editor=editor,
        dispositif=dispositif,
        text_sha256=text_sha256,
        defaults={
            "charter_version": dispositif.charter_version,
            "accepted_by": actor,
            "signer_name": editor.legal_representative,
            "accepted_at": calendar.now(),
        },
    )
    if created:
        record(
            "charter.accepted",
            actor=actor,
            subject=acceptance,
            new={
                "dispositif": dispositif.code,
                "version": acceptance.charter_version,
                "text_sha256": text_sha256,
                "signer": acceptance.signer_name,
                "second_factor": True,
            },
        )
    return acceptance
