from django.urls import path

from . import views, views_migration

app_name = "dashboard"
urlpatterns = [
    path("agence/tableau-de-bord/", views.dashboard_view, name="index"),
    path("agence/tableau-de-bord.csv", views.dashboard_csv_view, name="csv"),
    # Issue 14 item 4: the agency moves candidatures to a dispositif's latest catalogue version.
    path(
        "administration/catalogues/<str:code>/migration/",
        views_migration.migration_view,
        name="catalogue_migration",
    ),
]
