"""``{{ n|pluriel }}`` / ``{{ n|pluriel:"al,aux" }}``: French plural endings (0 and 1 are
singular), used instead of Django's ``pluralize``."""

from __future__ import annotations

from django import template

from referencement.lib.french import suffix

register = template.Library()


@register.filter
def pluriel(value, forms: str = "s") -> str:
    try:
        count = int(value if not hasattr(value, "__len__") else len(value))
    except (TypeError, ValueError):
        return ""
    return suffix(count, forms)
