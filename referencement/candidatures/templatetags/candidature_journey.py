"""`{% candidature_journey candidature %}`: the stepper of the phases and, for the
candidature's own editor, the « Prochaine étape » callout — one line on any candidature page."""

from __future__ import annotations

from django import template

from referencement.candidatures.access import is_own_editor
from referencement.candidatures.journey import next_step, stepper

register = template.Library()


@register.inclusion_tag("candidatures/_partials/journey.html", takes_context=True)
def candidature_journey(context, candidature) -> dict:
    user = context["request"].user
    owner = is_own_editor(user, candidature)
    return {
        "candidature": candidature,
        "stepper": stepper(candidature),
        "step": next_step(candidature) if owner else None,
        "csrf_token": context.get("csrf_token"),
    }
