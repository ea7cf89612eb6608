from __future__ import annotations

from django import forms

from referencement.catalog.models import Dispositif
from referencement.core.forms import PlatformForm

from .choices import AuditConclusion, EventKind
from .rules import (
    NUMBER_ERROR,
    REGISTRY_DATE_ERROR,
    number_is_well_formed,
    registry_date_is_answerable,
)


class RegistryFilterForm(PlatformForm):
    dispositif = forms.ChoiceField(label="Dispositif", required=False)
    q = forms.CharField(label="Éditeur, solution ou numéro", required=False)
    at = forms.DateField(
        label="Référencés à la date du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dispositif"].choices = [("", "Tous les dispositifs")] + [
            (d.code, f"{d.code} — {d.title}") for d in Dispositif.objects.all()
        ]

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at is not None and not registry_date_is_answerable(at):
            raise forms.ValidationError(REGISTRY_DATE_ERROR)
        return at


class VerifyForm(PlatformForm):
    numero = forms.CharField(label="Numéro de référencement", max_length=80)

    def clean_numero(self):
        numero = self.cleaned_data["numero"].strip()
        if not number_is_well_formed(numero):
            raise forms.ValidationError(NUMBER_ERROR)
        return numero


class AuditForm(PlatformForm):
    conducted_on = forms.DateField(
        label="Date de l'audit", widget=forms.DateInput(attrs={"type": "date"})
    )
    conclusion = forms.ChoiceField(label="Conclusion", choices=AuditConclusion.choices)
    summary = forms.CharField(label="Constats", widget=forms.Textarea(attrs={"rows": 4}))


class EndForm(PlatformForm):
    kind = forms.ChoiceField(
        label="Mesure",
        choices=[
            ("", "— Choisir une mesure —"),
            (EventKind.WITHDRAWN, "Retrait"),
            (EventKind.REVOKED, "Révocation"),
        ],
    )
    effective_on = forms.DateField(
        label="Date d'effet", widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label="Motifs", widget=forms.Textarea(attrs={"rows": 4}))
