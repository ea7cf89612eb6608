"""Forms of the editor's pages (DSFR, French labels). They only parse: actions decide."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Count
from django.forms import BaseFormSet, formset_factory

from referencement.accounts.forms import second_factor_code_field
from referencement.accounts.models import Editor
from referencement.accounts.validators import validate_siret
from referencement.catalog.choices import DossierRequirement
from referencement.catalog.dossier import AskedElement
from referencement.catalog.models import Chapter, Dispositif, Profile
from referencement.core.forms import PlatformForm
from referencement.core.idempotency import IdempotencyKeyField

from .choices import CandidatureStatus, ComponentKind
from .dossier_elements import DETAIL_TYPES, DOCUMENTS, NOT_APPLICABLE
from .worklists import DEFAULT_SORT, SORTS


class CreateCandidatureForm(PlatformForm):
    dispositif = forms.ModelChoiceField(
        label="Dispositif", queryset=Dispositif.objects.all(), empty_label="Choisir un dispositif"
    )
    solution_name = forms.CharField(label="Nom de la solution candidate", max_length=200)
    # A double submit opens one dossier (issue 16 item 1).
    idempotency_key = IdempotencyKeyField()


class CharterAcceptanceForm(PlatformForm):
    """001 §4.3: the person able to commit the editor accepts the text shown, whose SHA-256
    the page sends back, after a fresh second-factor check (issue 12 item 8)."""

    text_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    approve = forms.BooleanField(
        label="J'ai lu la charte ci-dessus et je l'accepte au nom de l'éditeur, que je "
        "représente légalement (ou par délégation validée par l'agence)."
    )
    code = second_factor_code_field("il confirme votre identité de représentant légal")


class DossierPartForm(PlatformForm):
    """A part of the administrative dossier. 001 §4.3 / 003 §4.2 / 004 §4.2 mark some
    fields (*) that a draft saved as you go may leave empty but submission requires: the
    page stars them (``starred``) like the fields the form itself requires."""

    submission_required: frozenset[str] = frozenset()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.starred = field.required or name in self.submission_required


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _detail_field(element: AskedElement) -> forms.Field:
    """The form field of a dossier element kept in `dossier_details` (issue 12 item 7)."""
    if element.code == "eligibility_declaration":
        help_text = ""
        if element.ineligible:
            help_text = "Catégories non éligibles : " + " ; ".join(element.ineligible) + "."
        return forms.BooleanField(
            label="Je déclare que la solution entre dans le périmètre du dispositif et "
            "n'appartient à aucune catégorie de logiciels non éligibles",
            help_text=help_text,
            required=False,
        )
    if DETAIL_TYPES[element.code] is list:
        return forms.CharField(
            label=element.label,
            help_text="Une version par ligne.",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    return forms.CharField(label=element.label, max_length=200, required=False)


class DossierForm(DossierPartForm):
    """The dossier's own fields, plus those its dispositif's catalogue asks for and a
    « sans objet » box for each « si applicable » element (004 §4.2)."""

    solution_name = forms.CharField(label="Nom de la solution", max_length=200)
    planned_evidence_date = forms.DateField(
        label="Date prévisionnelle du dépôt complet des preuves",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    previous_referencing_number = forms.CharField(
        label="Numéro de référencement précédent (si déjà référencée)",
        max_length=60,
        required=False,
    )
    previously_referenced_under_other_name = forms.BooleanField(
        label="La solution a déjà été référencée sous une autre dénomination commerciale",
        required=False,
    )
    differs_only_by_components = forms.BooleanField(
        label="Composant principal identique à une solution référencée ; seuls des composants "
        "additionnels ou le Proxy e-santé diffèrent",
        required=False,
    )
    is_consortium = forms.BooleanField(
        label="Candidature d'un groupement solidaire", required=False
    )
    nie = forms.CharField(label="NIE délivré par le CNDA", max_length=40, required=False)
    psc_application_number = forms.CharField(
        label="Numéro de candidature au guichet EDC Pro Santé Connect",
        max_length=60,
        required=False,
    )
    sold_through_distributors = forms.BooleanField(
        label="Solution commercialisée via des distributeurs mandatés", required=False
    )

    def __init__(self, *args, dispositif: Dispositif, **kwargs) -> None:
        asked = dispositif.dossier_elements
        self.submission_required = frozenset(
            e.code for e in asked if e.required == DossierRequirement.REQUIRED
        )
        super().__init__(*args, **kwargs)
        self.detail_fields = [e.code for e in asked if e.code in DETAIL_TYPES]
        self.not_applicable_fields = [
            f"{NOT_APPLICABLE}_{e.code}" for e in asked if e.if_applicable
        ]
        for element in asked:
            if element.code == "nie":
                self.fields["nie"].label = element.label
            if element.code in DETAIL_TYPES:
                self.fields[element.code] = _detail_field(element)
                self.fields[element.code].starred = element.code in self.submission_required
            if element.if_applicable:
                self.fields[f"{NOT_APPLICABLE}_{element.code}"] = forms.BooleanField(
                    label=f"Sans objet : {element.label}", required=False
                )
        declared = self.initial.get(NOT_APPLICABLE) or []
        for name in self.not_applicable_fields:
            self.initial.setdefault(name, name.removeprefix(f"{NOT_APPLICABLE}_") in declared)
        for name in self.detail_fields:
            if isinstance(self.initial.get(name), list):
                self.initial[name] = "\n".join(self.initial[name])

    def clean(self) -> dict:
        data = super().clean()
        for name in self.detail_fields:
            if DETAIL_TYPES[name] is list:
                data[name] = _lines(data.get(name) or "")
        data[NOT_APPLICABLE] = [
            name.removeprefix(f"{NOT_APPLICABLE}_")
            for name in self.not_applicable_fields
            if data.pop(name, False)
        ]
        return data


class ProfilesForm(PlatformForm):
    """The optional profiles are chosen; the mandatory ones are shown ticked and locked and
    always kept, whatever the request says (001 §3.1 « profil imposé »)."""

    profiles = forms.ModelMultipleChoiceField(
        label="Profils demandés",
        queryset=Profile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, dispositif: Dispositif, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.dispositif = dispositif
        self.fields["profiles"].queryset = dispositif.profiles.all()

    def clean_profiles(self) -> list[Profile]:
        chosen = [p for p in self.cleaned_data["profiles"] if not p.mandatory]
        return [*self.dispositif.profiles.filter(mandatory=True), *chosen]

    def choices(self) -> list[dict]:
        """One row per profile for the page: ticked, locked, with its choice criteria."""
        if self.is_bound:
            chosen = set(self.data.getlist(self.add_prefix("profiles")))
        else:
            chosen = {str(p.pk) for p in self.initial.get("profiles", [])}
        return [
            {
                "profile": profile,
                "id": f"id_profiles_{index}",
                "checked": profile.mandatory or str(profile.pk) in chosen,
                "locked": profile.mandatory,
                "empty": not profile.requirement_count,
            }
            for index, profile in enumerate(
                self.dispositif.profiles.annotate(requirement_count=Count("requirements"))
            )
        ]


class CommercialNameForm(DossierPartForm):
    name = forms.CharField(label="Dénomination commerciale", max_length=200)
    nil = forms.CharField(label="NIL (CNDA)", max_length=40, required=False)
    technical_version = forms.CharField(
        label="Numéro de version technique", max_length=60, required=False
    )

    def __init__(self, *args, dispositif: Dispositif, **kwargs) -> None:
        # 001 §4.3, 003 §4.2: NIL (*) where the catalogue requires it; the technical
        # version number (*) always.
        nil = dispositif.dossier_element("nil")
        required = nil is not None and nil.required == DossierRequirement.REQUIRED
        self.submission_required = frozenset({"technical_version", *(["nil"] if required else [])})
        super().__init__(*args, **kwargs)
        if nil is None:
            del self.fields["nil"]


class ComponentForm(DossierPartForm):
    # A blank first choice: otherwise the browser submits « Composant principal » in the
    # empty extra row, which then counts as changed and fails on its blank required fields.
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Choisir un type"), *ComponentKind.choices]
    )
    editor_name = forms.CharField(label="Éditeur du composant", max_length=200)
    name = forms.CharField(label="Dénomination commerciale", max_length=200)
    version = forms.CharField(label="Version", max_length=60)
    in_previous_referencing = forms.BooleanField(
        label="Présent dans le référencement précédent", required=False
    )
    chapter = forms.ModelChoiceField(
        label="Chapitre du REM concerné", queryset=Chapter.objects.none(), required=False
    )

    nil = forms.CharField(
        label="NIL (CNDA), si le composant additionnel se substitue au composant principal "
        "pour l'homologation",
        max_length=40,
        required=False,
    )

    def __init__(self, *args, dispositif: Dispositif, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = dispositif.chapters.all()
        # 003 §4.2: only where the catalogue asks for a substitute component's NIL.
        if dispositif.dossier_element("substitute_component_nil") is None:
            del self.fields["nil"]


class DistributorForm(DossierPartForm):
    name = forms.CharField(label="Dénomination sociale", max_length=200)
    siret = forms.CharField(label="SIRET", max_length=14, validators=[validate_siret])
    mandate_start = forms.DateField(
        label="Début du mandat", widget=forms.DateInput(attrs={"type": "date"})
    )
    mandate_end = forms.DateField(
        label="Fin du mandat", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MemberForm(DossierPartForm):
    name = forms.CharField(label="Dénomination sociale", max_length=200)
    siret = forms.CharField(label="SIRET", max_length=14, validators=[validate_siret])
    is_lead = forms.BooleanField(label="Chef de file", required=False)


class ItemFormSet(BaseFormSet):
    # Rows are removed with a « Retirer » button (JS or a plain submit), never a raw box.
    deletion_widget = forms.HiddenInput

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An empty section starts with one blank row to fill; saved rows come alone, and
        # « Ajouter … » gives the next one.
        if self.initial:
            self.extra = 0


@dataclass(frozen=True)
class ItemSection:
    formset: type[BaseFormSet]
    title: str
    add_label: str
    row_label: str
    # The dossier checkbox that reveals the section (none: always shown).
    shown_by: str = ""


def _formset(form: type[forms.Form]) -> type[BaseFormSet]:
    return formset_factory(form, formset=ItemFormSet, extra=1, can_delete=True, max_num=50)


ITEM_FORMSETS = {
    "commercial_names": ItemSection(
        _formset(CommercialNameForm),
        "Dénominations commerciales et numéros CNDA",
        "Ajouter une dénomination",
        "Dénomination",
    ),
    "components": ItemSection(
        _formset(ComponentForm),
        "Composants (principal, additionnels, Proxy e-santé)",
        "Ajouter un composant",
        "Composant",
    ),
    "distributors": ItemSection(
        _formset(DistributorForm),
        "Distributeurs mandatés",
        "Ajouter un distributeur",
        "Distributeur",
        shown_by="sold_through_distributors",
    ),
    "consortium_members": ItemSection(
        _formset(MemberForm),
        "Membres du groupement solidaire",
        "Ajouter un membre",
        "Membre",
        shown_by="is_consortium",
    ),
}


class DocumentForm(PlatformForm):
    """The documents the dispositif's dossier asks for, and the groupement's mandates."""

    kind = forms.ChoiceField(label="Document")
    member = forms.ChoiceField(label="Membre du groupement (pour un mandat)", required=False)
    file = forms.FileField(label="Fichier")

    def __init__(self, *args, dispositif: Dispositif, members=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            *((e.code, e.label) for e in dispositif.dossier_elements if e.code in DOCUMENTS),
            ("mandate", "Mandat d'un membre du groupement"),
        ]
        self.fields["member"].choices = [("", "—")] + [(m.pk, m.name) for m in members]


class AdminReviewForm(PlatformForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[
            ("accept", "Déclarer le dossier recevable"),
            ("solicit", "Demander un complément à l'éditeur"),
            ("reject", "Rejeter le dossier"),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Demande de complément ou motif du rejet",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each streamed into the blob store by the upload handler."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class AnswerForm(forms.Form):
    """An answer to a solicitation, with files (rendered by the thread's template)."""

    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(required=False)


class ThreadForm(forms.Form):
    """An answer to a solicitation or a message, with files (rendered by its template)."""

    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(required=False)


class CandidatureFilterForm(PlatformForm):
    """Filters of /candidatures/ (issue 10 item 5); the editor filter is the agency's."""

    q = forms.CharField(
        label="Recherche (solution, éditeur, SIRET, nom commercial)", required=False
    )
    dispositif = forms.ModelChoiceField(
        label="Dispositif",
        queryset=Dispositif.objects.all(),
        required=False,
        empty_label="Tous les dispositifs",
    )
    status = forms.ChoiceField(
        label="Phase",
        choices=[("", "Toutes les phases")] + CandidatureStatus.choices,
        required=False,
    )
    editor = forms.ModelChoiceField(
        label="Éditeur",
        queryset=Editor.objects.order_by("name"),
        required=False,
        empty_label="Tous les éditeurs",
    )
    tri = forms.ChoiceField(
        label="Trier par",
        choices=[(key, label) for key, (_, label) in SORTS.items()],
        required=False,
        initial=DEFAULT_SORT,
    )

    def __init__(self, *args, agency: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not agency:
            del self.fields["editor"]


class NextVersionForm(PlatformForm):
    """Issue 14 item 5: the next version of a referenced solution and the chapters it
    changes (001 §1.2 « compatibilité ascendante »)."""

    technical_version = forms.CharField(
        label="Numéro de la nouvelle version technique", max_length=60
    )
    changed_chapters = forms.MultipleChoiceField(
        label="Chapitres modifiés depuis la version référencée",
        help_text="Les preuves des chapitres cochés sont à déposer de nouveau ; les autres "
        "chapitres sont déclarés inchangés et leurs preuves reprises.",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, chapters=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["changed_chapters"].choices = [
            (chapter.code, f"{chapter.code} — {chapter.title}") for chapter in chapters
        ]
