"""Recusal of agency staff from an editor's dossiers (issue 16 item 7): the editors named
in a person's latest declaration of interests. The declarations are kept by the collège,
which records them; the instruction and the collège both read them from here, so neither
imports the other for it."""

from __future__ import annotations


def latest_declaration(user):
    return user.interest_declarations.first()


def is_recused(user, editor) -> bool:
    """Recused from the dossiers of an editor named in the member's latest declaration."""
    declaration = latest_declaration(user)
    return declaration is not None and declaration.editors.filter(pk=editor.pk).exists()


def recusal_refusal(user, editor) -> str | None:
    if is_recused(user, editor):
        return (
            f"Vous avez déclaré des intérêts avec {editor.name} : vous êtes récusé(e) pour ses "
            "dossiers."
        )
    return None
