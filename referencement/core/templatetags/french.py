"""French plurals in templates: 0 and 1 take the singular (« 0 preuve conforme »), which
Django's `pluralize` gets wrong for 0."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pluriel(value, suffixes: str = "s") -> str:
    """`{{ n|pluriel }}` → "s" from 2 on; `{{ n|pluriel:"al,aux" }}` picks a form."""
    singular, _, plural = suffixes.rpartition(",") if "," in suffixes else ("", "", suffixes)
    try:
        count = len(value) if hasattr(value, "__len__") else int(value)
    except (TypeError, ValueError):
        return singular
    return plural if abs(count) >= 2 else singular
