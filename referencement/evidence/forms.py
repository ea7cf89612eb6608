"""Forms of the evidence page (DSFR)."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm


class DepositForm(DsfrBaseForm):
    item = forms.ChoiceField(label="Preuve attendue")
    file = forms.FileField(
        label="Fichier",
        required=False,
        help_text="Vidéos jusqu'à 2 Go, autres fichiers jusqu'à 200 Mo. Le type est détecté "
        "d'après le contenu. Un nouveau dépôt crée une nouvelle version.",
    )
    text = forms.CharField(
        label="Texte (par exemple l'identifiant d'exécution d'un test)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, f"{i.code} — {i.label[:80]}") for i in items]


class EquivalenceForm(DsfrBaseForm):
    item = forms.ChoiceField(label="Preuve déjà validée lors du référencement précédent")

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.code, i.code) for i in items]
