"""Agency admin pages: moving chosen candidatures to the latest catalogue version, after a
confirmation that restates what happens to their evidence (issue 14 item 4)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from referencement.accounts.decorators import agency_admin_required
from referencement.candidatures.actions import migrate_to_catalogue_version
from referencement.candidatures.catalogue_impact import in_progress
from referencement.catalog.models import Dispositif
from referencement.catalog.versions import diff, latest


def _behind(dispositif: Dispositif, number: int) -> list[dict]:
    """Candidatures in progress on an older version, with what moving them would change."""
    rows = []
    candidatures = (
        in_progress(dispositif)
        .exclude(catalogue_version__number=number)
        .select_related("editor", "catalogue_version")
        .order_by("pk")
    )
    target = dispositif.catalogue_versions.get(number=number).snapshot
    for candidature in candidatures:
        old = candidature.catalogue_version
        changes = diff(old.snapshot if old else {}, target)
        rows.append(
            {
                "candidature": candidature,
                "from": old.number if old else None,
                "changed": [c["code"] for c in changes["changed"]],
                "added": changes["added"] if old else [],
                "retired": changes["retired"],
            }
        )
    return rows


@agency_admin_required
def migration_view(request: HttpRequest, code: str) -> HttpResponse:
    dispositif = get_object_or_404(Dispositif, code=code)
    version = latest(dispositif, content=False)
    rows = _behind(dispositif, version.number) if version else []
    chosen = {int(pk) for pk in request.POST.getlist("candidature") if pk.isdigit()}
    selected = [row for row in rows if row["candidature"].pk in chosen]
    if request.method == "POST" and request.POST.get("step") == "confirm" and selected:
        for row in selected:
            migrate_to_catalogue_version(row["candidature"], version, actor=request.user)
        count = len(selected)
        messages.success(
            request,
            f"{count} candidature{'s' if count > 1 else ''} instruite{'s' if count > 1 else ''} "
            f"désormais selon la version {version.number} ; les éditeurs sont prévenus.",
        )
        return redirect("dashboard:catalogue_migration", code=code)
    context = {
        "dispositif": dispositif,
        "version": version,
        "rows": rows,
        "selected": selected if request.method == "POST" else [],
        "nothing_chosen": request.method == "POST" and not selected,
        "title": f"Migration des candidatures {dispositif.code}",
    }
    return render(request, "dashboard/catalogue_migration.html", context)
