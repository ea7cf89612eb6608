from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("agence/tableau-de-bord/", views.dashboard_view, name="index"),
    path("agence/tableau-de-bord.csv", views.dashboard_csv_view, name="csv"),
]
