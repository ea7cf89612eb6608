from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from referencement.accounts.decorators import agency_admin_required
from referencement.lib.csv_safety import SafeCsvWriter

from .charts import bar_chart
from .stats import CSV_HEADER, all_stats, csv_rows


@agency_admin_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    panels = [
        {
            "stats": s,
            "status_chart": bar_chart(
                s.status_bars(), title=f"Candidatures par phase — {s.dispositif.code}"
            ),
            "outcome_chart": bar_chart(
                s.outcome_bars(), title=f"Décisions par issue — {s.dispositif.code}"
            ),
        }
        for s in all_stats()
    ]
    return render(request, "dashboard/index.html", {"panels": panels, "title": "Tableau de bord"})


@agency_admin_required
def dashboard_csv_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tableau-de-bord.csv"'
    response.write("\ufeff")
    writer = SafeCsvWriter(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(all_stats()))
    return response
