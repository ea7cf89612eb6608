"""A dispositif and everything that is a parameter of it (DESIGN §3)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from ..choices import (
    CollegeOutcome,
    ConventionTiming,
    Corridor,
    DelayUnit,
    Perimeter,
    ProfileChangePolicy,
    ProfileRuleKind,
    QueueBasis,
)
from ..dossier import AskedElement, asked_elements


class Dispositif(models.Model):
    """One referencing scheme. Every rule that differs between schemes is a field here."""

    code = models.CharField("code", max_length=40, unique=True)
    title = models.CharField("intitulé", max_length=300)
    source = models.CharField("texte source", max_length=300, blank=True)
    corridor = models.CharField("couloir", max_length=3, choices=Corridor.choices)
    wave = models.PositiveSmallIntegerField("vague")
    funded = models.BooleanField("avec financement")
    description = models.TextField("présentation", blank=True)
    catalogue_note = models.CharField("note sur le catalogue", max_length=300, blank=True)

    charter_text = models.TextField("charte de référencement", blank=True)
    charter_file = models.FileField("charte (fichier)", upload_to="chartes/", blank=True)
    charter_version = models.CharField("version de la charte", max_length=40, blank=True)
    charter_source = models.CharField("source de la charte", max_length=200, blank=True)
    charter_note = models.TextField("présentation de la charte", blank=True)

    admin_response_delay = models.PositiveIntegerField("délai de réponse (phase administrative)")
    admin_response_unit = models.CharField(max_length=20, choices=DelayUnit.choices)
    admin_late_rejects = models.BooleanField(
        "le retard de réponse entraîne le rejet",
        help_text="Sinon, l'agence peut rejeter : le retard est seulement signalé.",
    )
    queue_guarantee_delay = models.PositiveIntegerField("délai de garantie de la place en file")
    queue_guarantee_unit = models.CharField(max_length=20, choices=DelayUnit.choices)
    abandonment_delay = models.PositiveIntegerField("délai d'abandon sans réponse")
    abandonment_unit = models.CharField(max_length=20, choices=DelayUnit.choices)
    queue_basis = models.CharField("file d'instruction", max_length=20, choices=QueueBasis.choices)
    profile_change_policy = models.CharField(
        "changement de profils", max_length=30, choices=ProfileChangePolicy.choices
    )
    college_outcomes = models.JSONField("décisions possibles du collège", default=list)
    reserves_fix_delay = models.PositiveIntegerField(
        "délai de levée des réserves non bloquantes", null=True, blank=True
    )
    reserves_fix_unit = models.CharField(max_length=20, choices=DelayUnit.choices, blank=True)
    field_test_session = models.BooleanField("session de tests sur le terrain", default=False)
    field_test_delay = models.PositiveIntegerField(
        "délai d'organisation de la session de tests", null=True, blank=True
    )
    field_test_unit = models.CharField(max_length=20, choices=DelayUnit.choices, blank=True)
    evidence_equivalence = models.BooleanField(
        "équivalence des preuves déjà validées", default=False
    )
    # Issue 14 item 5, 001 §1.2 « compatibilité ascendante ».
    next_version_allowed = models.BooleanField(
        "nouvelle version d'une solution référencée", default=False
    )
    next_version_source = models.CharField("source (nouvelle version)", max_length=300, blank=True)
    next_version_note = models.TextField("hypothèse (nouvelle version)", blank=True)
    always_redeposit = models.JSONField(
        "preuves toujours à redéposer",
        default=list,
        blank=True,
        help_text="Codes d'exigences ou de preuves hors REM redéposées à chaque nouvelle version.",
    )
    # 001 §3.1, 003 §3.1: the dispositifs whose referencing grounds an equivalence claim,
    # and the perimeter of the requirements it may cover.
    equivalence_sources = models.JSONField(
        "dispositifs source de l'équivalence", default=list, blank=True
    )
    equivalence_perimeter = models.CharField(
        "périmètre couvert par l'équivalence",
        max_length=10,
        choices=Perimeter.choices,
        blank=True,
    )
    # Issue 12 item 10b: 004 §4.2 puts the signed convention in the application dossier;
    # 001 §4.5, 003 §4.5 have it signed after the instruction, before the collège.
    convention_timing = models.CharField(
        "signature de la convention",
        max_length=20,
        choices=ConventionTiming.choices,
        default=ConventionTiming.AFTER_INSTRUCTION,
    )
    convention_source = models.CharField("source (convention)", max_length=300, blank=True)
    convention_note = models.TextField("hypothèse (convention)", blank=True)
    # The Date that closes the evidence deposit: Date 2 (001 §4.2, 003 §4.1); 004 sets no
    # evidence deadline, its deposit ends with the exchanges at Date 3 (004 §4.4).
    evidence_deadline_milestone = models.PositiveSmallIntegerField(
        "Date de fin du dépôt des preuves", default=2
    )
    evidence_deadline_source = models.CharField(
        "source (fin du dépôt des preuves)", max_length=300, blank=True
    )
    evidence_deadline_note = models.TextField("note (fin du dépôt des preuves)", blank=True)
    # 001 §4.1 « Publicité des informations »: whether candidates in progress are public
    # (000 §4.3, 002 §4.3, 004 §4.7: referenced solutions only).
    candidates_public = models.BooleanField("candidatures en cours publiques", default=False)
    assumed_parameters = models.JSONField(
        "paramètres supposés",
        default=list,
        blank=True,
        help_text="Hypothèses modifiables (non fixées par les textes).",
    )
    assumption_note = models.TextField("justification des hypothèses", blank=True)
    # Issue 12: parameter name → the section of the text it comes from (catalogue file).
    parameter_sources = models.JSONField("sources des paramètres", default=dict, blank=True)
    # Issue 12 item 7: the administrative dossier the text asks for (catalogue `dossier:`),
    # read through `dossier_elements` and `dossier_editor_fields`.
    dossier_rules = models.JSONField("pièces du dossier administratif", default=dict, blank=True)
    catalogue_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = "dispositif"

    def __str__(self) -> str:
        return self.code

    @property
    def dates_advisory(self) -> bool:
        """DESIGN §3: non-funded dispositifs are always open; their dates are advice."""
        return not self.funded

    @property
    def college_outcome_labels(self) -> list[str]:
        return [CollegeOutcome(code).label for code in self.college_outcomes]

    def clean(self) -> None:
        unknown = set(self.college_outcomes) - set(CollegeOutcome.values)
        if unknown:
            raise ValidationError({"college_outcomes": f"Décision inconnue : {sorted(unknown)}"})

    @property
    def convention_with_application(self) -> bool:
        return self.convention_timing == ConventionTiming.APPLICATION

    def is_assumed(self, parameter: str) -> bool:
        return parameter in self.assumed_parameters

    def parameter_source(self, parameter: str) -> str:
        return self.parameter_sources.get(parameter, "")

    @property
    def dossier_elements(self) -> list[AskedElement]:
        return asked_elements(self.dossier_rules)

    def dossier_element(self, code: str) -> AskedElement | None:
        return next((e for e in self.dossier_elements if e.code == code), None)

    @property
    def dossier_editor_fields(self) -> list[str]:
        return list(self.dossier_rules.get("editor_fields") or [])

    def milestones_by_number(self) -> dict[int, Milestone]:
        """One query for the callers that read several Dates."""
        return {m.number: m for m in self.milestones.all()}

    def milestone(self, number: int) -> Milestone | None:
        return self.milestones_by_number().get(number)


class Milestone(models.Model):
    """« Date 0 » … « Date 6 » of 001 §4.2 / 003 §4.1, or an advisory date (000/002 §4.1)."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="milestones")
    number = models.PositiveSmallIntegerField("numéro")
    at = models.DateTimeField("date")
    time_given = models.BooleanField("heure précisée", default=True)
    label = models.CharField("objet", max_length=300)
    # Issue 12: the section of the text that sets this date (catalogue `milestones[].source`).
    source = models.CharField("source", max_length=200, blank=True)

    class Meta:
        ordering = ["dispositif", "number"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "number"], name="milestone_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dispositif} Date {self.number}"


class Profile(models.Model):
    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="profiles")
    code = models.CharField("code", max_length=40)
    label = models.CharField("libellé", max_length=200)
    mandatory = models.BooleanField("obligatoire", default=False)
    criteria = models.TextField("critères de choix", blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    origin = models.ForeignKey(
        "catalog.CatalogueVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="origine",
    )

    class Meta:
        ordering = ["dispositif", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="profile_code_unique")
        ]

    def __str__(self) -> str:
        return self.label


class ProfileRule(models.Model):
    """A rule on the profile selection other than « mandatory » (which is a Profile flag).

    at_least_one_of: the selection must contain one of `profiles` (000 §3.2).
    exemption_if_only: when `profiles` are chosen, the requirements listed in
    `requirement_codes` are not required, unless another chosen optional profile requires
    them itself (001 §3.1, AHI).
    """

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=30, choices=ProfileRuleKind.choices)
    profiles = models.ManyToManyField(Profile, related_name="+")
    requirement_codes = models.JSONField(default=list, blank=True)
    source = models.CharField("source", max_length=100)
    description = models.CharField("énoncé", max_length=500, blank=True)

    class Meta:
        ordering = ["dispositif", "pk"]

    def __str__(self) -> str:
        return f"{self.dispositif} {self.get_kind_display()}"


class DocumentType(models.Model):
    """The dispositif's document list, e.g. the DMP type codes of 004 §5.3."""

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="document_types"
    )
    code = models.CharField("code (typeCode)", max_length=40)
    label = models.CharField("libellé", max_length=200)
    category = models.CharField("catégorie", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["dispositif", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="document_type_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ExtraEvidence(models.Model):
    """Evidence required outside the REM: CNDA homologation, EDC PSC, PASSI, SSI questionnaire."""

    dispositif = models.ForeignKey(
        Dispositif, on_delete=models.CASCADE, related_name="extra_evidence"
    )
    code = models.CharField("code", max_length=40)
    label = models.CharField("libellé", max_length=300)
    assessed = models.BooleanField("instruite", default=True)
    redeposit_until = models.PositiveSmallIntegerField(
        "re-dépôt possible jusqu'à la Date", null=True, blank=True
    )
    derogation = models.TextField("dérogation", blank=True)
    # 001 §4.4: the CNDA attestation and a late EDC PSC habilitation may come after Date 3.
    late_deposit = models.BooleanField("dépôt possible après la Date 3", default=False)
    source = models.CharField("source", max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    # 001 §3.1: « Les candidats au seul profil AHI sont exonérés de certaines exigences »:
    # not asked when every optional profile chosen is one of these (issue 12 item 11).
    exempt_profiles = models.ManyToManyField(
        Profile, blank=True, related_name="+", verbose_name="non demandée aux seuls profils"
    )
    exemption_source = models.CharField("source de l'exonération", max_length=100, blank=True)

    class Meta:
        ordering = ["dispositif", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dispositif", "code"], name="extra_evidence_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def is_exempted(self, optional_profile_ids: set[int]) -> bool:
        """Not asked of a candidate whose optional profiles are all exempting ones."""
        exempting = {profile.pk for profile in self.exempt_profiles.all()}
        return bool(exempting and optional_profile_ids and optional_profile_ids <= exempting)
