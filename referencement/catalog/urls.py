from django.urls import path

from . import views, views_admin, views_charter, views_versions

app_name = "catalog"
urlpatterns = [
    path("dispositifs/", views.dispositif_list_view, name="dispositif_list"),
    path("dispositifs/<str:code>/", views.dispositif_detail_view, name="dispositif_detail"),
    path("dispositifs/<str:code>/charte/", views_charter.charter_view, name="charter"),
    path("dispositifs/<str:code>/charte.pdf", views_charter.charter_pdf_view, name="charter_pdf"),
    path("dispositifs/<str:code>/exigences/", views.requirement_list_view, name="requirements"),
    path(
        "dispositifs/<str:code>/exigences/<path:requirement>/",
        views_versions.requirement_detail_view,
        name="requirement_detail",
    ),
    path("dispositifs/<str:code>/versions/", views_versions.version_list_view, name="versions"),
    path(
        "dispositifs/<str:code>/versions/<int:first>/diff/<int:second>/",
        views_versions.version_diff_view,
        name="version_diff",
    ),
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
