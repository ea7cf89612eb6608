from __future__ import annotations

from django.core.exceptions import ValidationError
from stdnum.fr import siret as stdnum_siret


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits with a Luhn check; La Poste's (SIREN 356000000) use a digit sum
    modulo 5 (DESIGN §3, common rules). python-stdnum implements both."""
    if not value.isdigit() or len(value) != 14:
        raise ValidationError("Le SIRET doit comporter exactement 14 chiffres.", code="format")
    if not stdnum_siret.is_valid(value):
        raise ValidationError(
            "Ce SIRET n'est pas valide (clé de contrôle incorrecte).", code="checksum"
        )
