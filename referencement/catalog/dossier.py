"""The elements of the administrative dossier a catalogue may ask for (issue 12 item 7).

Each dispositif's file lists, under `dossier:`, which of these elements its text asks for,
how (required, « si applicable », optional) and where the text says so; the platform only
knows what each element is and how it is named in French.
"""

from __future__ import annotations

from dataclasses import dataclass

from .choices import DossierRequirement


@dataclass(frozen=True)
class DossierElement:
    code: str
    label: str
    # field: a value typed on the dossier form; document: a file joined to the dossier;
    # declaration: a box the editor ticks; component: a check on the declared components.
    kind: str


ELEMENTS = {
    element.code: element
    for element in (
        DossierElement("nie", "Numéro d'identification éditeur (NIE) délivré par le CNDA", "field"),
        DossierElement(
            "nil",
            "Numéro d'identification logiciel (NIL) délivré par le CNDA, pour chaque "
            "dénomination commerciale",
            "field",
        ),
        DossierElement("legal_representative_title", "Titre du représentant légal", "field"),
        DossierElement(
            "existing_versions",
            "Versions existantes de la solution (version technique, nom de version "
            "commerciale, référencement en vague 1)",
            "field",
        ),
        DossierElement(
            "end_of_maintenance_versions",
            "Versions techniques ayant fait l'objet, au plus tard à la Date 0, d'une "
            "information publique d'arrêt de maintenance ou de commercialisation",
            "field",
        ),
        DossierElement(
            "substitute_component_nil",
            "NIL du composant additionnel qui se substitue au composant principal pour "
            "l'homologation CNDA",
            "field",
        ),
        DossierElement(
            "documentation",
            "Documentation logicielle précisant en quoi la solution répond aux fonctionnalités "
            "minimales",
            "document",
        ),
        DossierElement(
            "honour_attestation",
            "Attestation sur l'honneur (modèle de l'agence) lorsque plusieurs dénominations "
            "commerciales sont déclarées, que la solution a été référencée sous une autre "
            "dénomination, ou que seuls des composants additionnels ou le Proxy e-santé "
            "diffèrent d'une solution référencée",
            "document",
        ),
        DossierElement("wave1_attestation", "Attestation de référencement vague 1", "document"),
        DossierElement(
            "cnda_filing_proof",
            "Preuve du dépôt de la demande d'obtention des labellisations CNDA (Assurance Maladie)",
            "document",
        ),
        DossierElement(
            "eligibility_declaration",
            "Formulaire d'éligibilité : la solution entre dans le périmètre du dispositif et "
            "n'appartient à aucune catégorie de logiciels non éligibles",
            "declaration",
        ),
        DossierElement("proxy_component", "Un composant Proxy e-santé, exactement un", "component"),
    )
}

# The editor's information a text may mark (*) (001 §4.3, 003 §4.2, 004 §4.2): fields of
# the editor's record, completed in « Mon éditeur ».
EDITOR_FIELD_CODES = (
    "name",
    "siret",
    "legal_form",
    "legal_representative_function",
    "head_office",
    "legal_representative",
    "legal_representative_email",
    "legal_representative_phone",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@dataclass(frozen=True)
class AskedElement:
    """An element as one dispositif asks it."""

    element: DossierElement
    label: str
    required: str
    source: str
    ineligible: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return self.element.code

    @property
    def kind(self) -> str:
        return self.element.kind

    @property
    def if_applicable(self) -> bool:
        return self.required == DossierRequirement.IF_APPLICABLE

    @property
    def required_label(self) -> str:
        return DossierRequirement(self.required).label


def asked_elements(rules: dict) -> list[AskedElement]:
    """The elements a dispositif's `dossier:` section asks for, in the file's order."""
    return [
        AskedElement(
            element=ELEMENTS[item["code"]],
            label=item.get("label") or ELEMENTS[item["code"]].label,
            required=item["required"],
            source=item["source"],
            ineligible=tuple(item.get("ineligible") or ()),
        )
        for item in rules.get("elements") or []
    ]
