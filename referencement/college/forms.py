from __future__ import annotations

from django import forms

from referencement.accounts.forms import second_factor_code_field
from referencement.accounts.models import Editor
from referencement.catalog.choices import CollegeOutcome
from referencement.core.forms import PlatformForm

from .choices import CorrectionVerdict


class DecisionForm(PlatformForm):
    outcome = forms.ChoiceField(label="Décision")
    reasons = forms.CharField(
        label="Motifs / réserves", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, outcomes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Empty by default: the favourable outcome is never preselected (issue 10 item 4).
        self.fields["outcome"].choices = [("", "— Choisir une décision —")] + [
            (o, CollegeOutcome(o).label) for o in outcomes
        ]


class SignatureForm(PlatformForm):
    otp_token = second_factor_code_field("il confirme votre identité de signataire")
    approve = forms.BooleanField(
        label="J'ai lu la convention et je la signe au nom de l'éditeur, dont je suis le "
        "représentant légal."
    )


class CountersignatureForm(PlatformForm):
    otp_token = SignatureForm.base_fields["otp_token"]
    approve = forms.BooleanField(
        label="J'ai vérifié la convention signée par l'éditeur et je la contresigne au nom de "
        "l'agence."
    )


class CorrectionForm(forms.Form):
    """A correction against one reserve (rendered by college/reserves.html)."""

    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(required=False)


class CorrectionVerdictForm(forms.Form):
    """An instructor's judgement of one correction (rendered by college/reserves.html)."""

    verdict = forms.ChoiceField(choices=CorrectionVerdict.choices)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReadyForm(forms.Form):
    confirm = forms.BooleanField(
        label="Je confirme que chaque réserve est corrigée dans la version candidate."
    )


class InterestDeclarationForm(PlatformForm):
    editors = forms.ModelMultipleChoiceField(
        label="Éditeurs avec lesquels j'ai des intérêts",
        help_text="Vous serez récusé(e) pour leurs dossiers : ni instruction, ni séance, ni "
        "signature. Ne cochez rien si vous n'avez aucun intérêt à déclarer.",
        queryset=Editor.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
