"""Business rules of the catalogue: profile selections, applicable requirements, changes.

Every rule reads the dispositif's data; none branches on a dispositif code.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import QuerySet

from . import calendar
from .choices import CatalogStatus, ProfileChangePolicy, ProfileRuleKind, RequirementKind
from .models import Dispositif, ExtraEvidence, Profile, Requirement

ProfileRef = Profile | str

# 001 §4.3 / 003 §4.2: optional profiles may be added until Date 2.
PROFILE_ADDITION_DEADLINE = 2
FINAL_CHOICE = (
    "Le choix des profils est définitif : tout changement nécessite une nouvelle candidature."
)


def _quoted(labels: Iterable[str]) -> str:
    return ", ".join(f"« {label} »" for label in labels)


def profile_lookup(dispositif: Dispositif) -> dict[str, Profile]:
    """Profiles by case-folded label, then code (a code wins over a homonymous label)."""
    profiles = list(dispositif.profiles.all())
    lookup = {p.label.casefold(): p for p in profiles}
    lookup.update({p.code.casefold(): p for p in profiles})
    return lookup


def find_profile(dispositif: Dispositif, ref: str) -> Profile | None:
    """A profile by code, else by label (case-insensitive): imports name profiles either way."""
    return profile_lookup(dispositif).get(ref.strip().casefold())


def resolve_profiles(
    dispositif: Dispositif, refs: Iterable[ProfileRef]
) -> tuple[list[Profile], list[str]]:
    """(known profiles, unknown references)."""
    found: list[Profile] = []
    unknown: list[str] = []
    for ref in refs:
        profile = ref if isinstance(ref, Profile) else find_profile(dispositif, ref)
        if profile is None or profile.dispositif_id != dispositif.pk:
            unknown.append(str(ref))
        elif profile not in found:
            found.append(profile)
    return found, unknown


def with_mandatory_profiles(
    dispositif: Dispositif, refs: Iterable[ProfileRef]
) -> tuple[list[ProfileRef], list[Profile]]:
    """The selection completed with the mandatory profiles it omits, and those added:
    « Général » is imposed on every candidate version (001 §3.1), naming it is not needed."""
    selection = list(refs)
    chosen, _ = resolve_profiles(dispositif, selection)
    added = [p for p in dispositif.profiles.filter(mandatory=True) if p not in chosen]
    return [*selection, *added], added


def validate_profile_selection(dispositif: Dispositif, profiles: Iterable[ProfileRef]) -> list[str]:
    """Every rule the selection breaks, in French; an empty list means it is valid."""
    chosen, unknown = resolve_profiles(dispositif, profiles)
    errors = [
        f"Profil inconnu pour le dispositif {dispositif.code} : « {ref} » "
        f"(profils : {', '.join(p.code for p in dispositif.profiles.all())})."
        for ref in unknown
    ]
    chosen_ids = {p.pk for p in chosen}
    for profile in dispositif.profiles.filter(mandatory=True):
        if profile.pk not in chosen_ids:
            errors.append(f"Le profil « {profile.label} » est obligatoire.")
    for rule in dispositif.rules.filter(kind=ProfileRuleKind.AT_LEAST_ONE_OF):
        members = list(rule.profiles.all())
        if not chosen_ids & {p.pk for p in members}:
            errors.append(
                "Au moins un des profils suivants doit être choisi : "
                f"{_quoted(p.label for p in members)}."
            )
    return errors


def exempted_codes(dispositif: Dispositif, profiles: Iterable[Profile]) -> set[str]:
    """001 §3.1: the listed requirements « ne sont pas obligatoires pour les Solutions
    logicielles candidates au profil AHI »: whatever other optional profile is chosen too,
    except the requirements that other profile itself requires (issue 12 item 11)."""
    optional = {p.pk for p in profiles if not p.mandatory}
    codes: set[str] = set()
    for rule in dispositif.rules.filter(kind=ProfileRuleKind.EXEMPTION_IF_ONLY):
        members = {p.pk for p in rule.profiles.all()}
        if not members or not members <= optional:
            continue
        others = optional - members
        required_elsewhere = set(
            Requirement.objects.filter(profiles__in=others).values_list("code", flat=True)
        )
        codes.update(set(rule.requirement_codes) - required_elsewhere)
    return codes


def applicable_extra_evidence(
    dispositif: Dispositif, profiles: Iterable[ProfileRef]
) -> list[ExtraEvidence]:
    """The evidence asked outside the REM, less the items a candidate to only exempting
    profiles is not asked: 001 §3.1 « Les candidats au seul profil AHI sont exonérés »,
    so neither the Pro Santé Connect habilitation nor the CNDA attestation is asked of an
    AHI-only candidate, while another optional profile chosen too asks them (issue 12
    item 11)."""
    chosen, _ = resolve_profiles(dispositif, profiles)
    optional = {p.pk for p in chosen if not p.mandatory}
    items = dispositif.extra_evidence.prefetch_related("exempt_profiles")
    return [item for item in items if not item.is_exempted(optional)]


def applicable_requirements(
    dispositif: Dispositif, profiles: Iterable[ProfileRef]
) -> QuerySet[Requirement]:
    """Active EXI requirements of the mandatory and chosen profiles, minus exemptions.

    PRE and RECO are not checked (004 §4.1.4). Unknown profiles are ignored: call
    `validate_profile_selection` first to report them.
    """
    chosen, _ = resolve_profiles(dispositif, profiles)
    selected = {p.pk for p in chosen} | set(
        dispositif.profiles.filter(mandatory=True).values_list("pk", flat=True)
    )
    return (
        Requirement.objects.filter(
            dispositif=dispositif,
            status=CatalogStatus.ACTIVE,
            kind=RequirementKind.EXI,
            profiles__in=selected,
        )
        .exclude(code__in=exempted_codes(dispositif, chosen))
        .distinct()
        .select_related("chapter")
        .order_by("order", "code")
    )


def profile_addition_refusal(dispositif: Dispositif, at: datetime | None = None) -> str | None:
    """Why an optional profile may not be added to an application now, or None."""
    if dispositif.profile_change_policy == ProfileChangePolicy.FINAL:
        # 004 §4.2: « Ce choix est définitif … Tout changement de profil nécessitera une
        # nouvelle candidature. »
        return FINAL_CHOICE
    deadline = dispositif.milestone(PROFILE_ADDITION_DEADLINE)
    if dispositif.dates_advisory or deadline is None:
        return None
    at = at or calendar.now()
    if at >= deadline.at:
        # 001 §4.3: « Jusqu'à la Date 2, il est possible d'en ajouter ».
        return (
            "Les profils optionnels ne peuvent plus être ajoutés depuis le "
            f"{calendar.format_instant(deadline.at)} (Date {PROFILE_ADDITION_DEADLINE})."
        )
    return None


def profile_removal_refusal(dispositif: Dispositif, at: datetime | None = None) -> str | None:
    """Why an optional profile may not be removed now, or None (001 §4.3: any time)."""
    if dispositif.profile_change_policy == ProfileChangePolicy.FINAL:
        return FINAL_CHOICE
    return None


def may_add_profile(dispositif: Dispositif, at: datetime | None = None) -> bool:
    return profile_addition_refusal(dispositif, at) is None


def may_remove_profile(dispositif: Dispositif, at: datetime | None = None) -> bool:
    return profile_removal_refusal(dispositif, at) is None
