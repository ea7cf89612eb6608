"""``item|equivalence_claimable:dispositif``: whether the deposit grid offers the editor
the equivalence claim on an item (the rule that judges the claim decides)."""

from __future__ import annotations

from django import template

from ..rules import in_equivalence_perimeter

register = template.Library()


@register.filter
def equivalence_claimable(item, dispositif) -> bool:
    return in_equivalence_perimeter(dispositif, item.requirement)
