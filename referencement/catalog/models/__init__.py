"""Models of the catalogue: dispositifs, their profiles and rules, requirement catalogues."""

from .dispositif import Dispositif, DocumentType, ExtraEvidence, Milestone, Profile, ProfileRule
from .imports import RemImport
from .requirements import Chapter, EvidenceSpec, Requirement, Scenario
from .versions import CatalogueVersion

__all__ = [
    "CatalogueVersion",
    "Chapter",
    "Dispositif",
    "DocumentType",
    "EvidenceSpec",
    "ExtraEvidence",
    "Milestone",
    "Profile",
    "ProfileRule",
    "RemImport",
    "Requirement",
    "Scenario",
]
