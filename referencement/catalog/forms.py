from __future__ import annotations

from django import forms

from referencement.core.forms import PlatformForm

from .choices import Perimeter
from .models import Dispositif


class RequirementFilterForm(PlatformForm):
    """The web version of the REM's per-profile filters (001 §3.1)."""

    profile = forms.MultipleChoiceField(
        label="Profils choisis", required=False, widget=forms.CheckboxSelectMultiple
    )
    chapter = forms.ChoiceField(label="Chapitre", required=False)
    perimeter = forms.ChoiceField(
        label="Périmètre", required=False, choices=[("", "Tous"), *Perimeter.choices]
    )
    q = forms.CharField(label="Recherche", required=False)

    def __init__(self, *args, dispositif: Dispositif, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["profile"].choices = [(p.code, p.label) for p in dispositif.profiles.all()]
        self.fields["chapter"].choices = [("", "Tous")] + [
            (c.code, f"{c.code} — {c.title}" if c.code != c.title[:60] else c.title)
            for c in dispositif.chapters.all()
        ]


class RemUploadForm(PlatformForm):
    dispositif = forms.ModelChoiceField(
        label="Dispositif", queryset=Dispositif.objects.all(), to_field_name="code"
    )
    file = forms.FileField(
        label="Fichier REM (XLSX ou CSV)",
        help_text="Export Convergence, disposition de publication ou format de la plateforme.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError("Seuls les fichiers .xlsx et .csv sont acceptés.")
        return upload
