from django.urls import path

from . import views, views_admin

app_name = "catalog"
urlpatterns = [
    path("dispositifs/", views.dispositif_list_view, name="dispositif_list"),
    path("dispositifs/<str:code>/", views.dispositif_detail_view, name="dispositif_detail"),
    path("dispositifs/<str:code>/exigences/", views.requirement_list_view, name="requirements"),
    path("administration/catalogues/", views_admin.rem_upload_view, name="rem_upload"),
    path(
        "administration/catalogues/imports/<int:pk>/",
        views_admin.rem_import_view,
        name="rem_import",
    ),
    path(
        "administration/catalogues/imports/<int:pk>/decision/",
        views_admin.rem_import_confirm_view,
        name="rem_import_decision",
    ),
    path("administration/catalogues/recharger/", views_admin.catalogue_reload_view, name="reload"),
]
