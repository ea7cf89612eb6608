from __future__ import annotations

from django import forms

from referencement.catalog.models import Dispositif
from referencement.core.forms import PlatformForm

from .choices import FieldTestOutcome, VerdictValue


class QueueFilterForm(PlatformForm):
    dispositif = forms.ModelChoiceField(
        label="Dispositif",
        queryset=Dispositif.objects.all(),
        required=False,
        empty_label="Tous les dispositifs",
    )


class AssignmentForm(PlatformForm):
    dispositifs = forms.ModelMultipleChoiceField(
        label="Dispositifs instruits",
        help_text="La file et les listes lui montrent d'abord les dossiers de ces dispositifs.",
        queryset=Dispositif.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class VerdictForm(PlatformForm):
    """Empty by default, so an unjudged item never looks judged (issue 10 item 3); the
    derogation is offered only where the evidence admits it (001 §4.4)."""

    value = forms.ChoiceField(label="Avis")
    comment = forms.CharField(
        label="Commentaire pour l'éditeur",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # The verdict shown when the form was rendered (issue 16 item 1: no silent overwrite).
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, derogation: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [("", "— Choisir un avis —")] + [
            (value, label)
            for value, label in VerdictValue.choices
            if derogation or value != VerdictValue.DEROGATION
        ]

    def clean_seen(self) -> str | None:
        # A client posting without the field (no page rendered) asks for no check.
        return self.cleaned_data["seen"] if "seen" in self.data else None


class ProposalForm(PlatformForm):
    proposal = forms.CharField(
        label="Proposition au collège",
        help_text="Synthèse de l'instruction et décision proposée, lue par le collège.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class SolicitationForm(PlatformForm):
    question = forms.CharField(
        label="Demande de complément", widget=forms.Textarea(attrs={"rows": 4})
    )


class FieldTestProposalForm(PlatformForm):
    """000 §3.3, 004 §4.4: the editor organises the session and proposes its date."""

    scheduled_for = forms.DateTimeField(
        label="Date et heure de la session",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label="Lieu / environnement de recette", max_length=300)


class FieldTestDeclineForm(PlatformForm):
    reason = forms.CharField(
        label="Pourquoi une autre date ?",
        help_text="L'éditeur lit ce message et propose une autre date.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FieldTestResultsForm(PlatformForm):
    """One outcome + comment per requirement reviewed in the session."""

    def __init__(self, *args, requirements=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for requirement in self.requirements:
            self.fields[f"outcome_{requirement.pk}"] = forms.ChoiceField(
                label=f"Résultat — {requirement}",
                choices=[("", "Non revue")] + FieldTestOutcome.choices,
                required=False,
            )
            self.fields[f"comment_{requirement.pk}"] = forms.CharField(
                label=f"Observations — {requirement}", required=False
            )

    def results(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            r.pk: (data[f"outcome_{r.pk}"], data[f"comment_{r.pk}"])
            for r in self.requirements
            if data.get(f"outcome_{r.pk}")
        }
