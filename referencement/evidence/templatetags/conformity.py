"""``{% conformity_report version %}``: the one partial every page uses to show the
automatic check of an evidence version."""

from __future__ import annotations

from django import template

from ..report_display import report_view

register = template.Library()


@register.inclusion_tag("evidence/_partials/conformity_report.html", takes_context=True)
def conformity_report(context, version) -> dict:
    user = context["request"].user
    for_operator = getattr(user, "is_agency_staff", False)
    return {"report": report_view(version, for_operator=for_operator), "version": version}
