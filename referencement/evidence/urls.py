"""The evidence pages and the files of a candidature, under the candidature's URLs."""

from django.urls import path

from . import tus, views, views_files

app_name = "evidence"
urlpatterns = [
    path("candidatures/<int:pk>/preuves/", views.evidence_page, name="evidence"),
    path(
        "candidatures/<int:pk>/preuves/deposer/",
        views.evidence_deposit,
        name="evidence_deposit",
    ),
    path(
        "candidatures/<int:pk>/preuves/televersements/",
        tus.UploadCreation.as_view(),
        name="evidence_uploads",
    ),
    path(
        "candidatures/<int:pk>/preuves/televersements/<uuid:upload_id>/",
        tus.UploadResource.as_view(),
        name="evidence_upload",
    ),
    path(
        "candidatures/<int:pk>/preuves/soumettre/",
        views.evidence_submit,
        name="evidence_submit",
    ),
    path(
        "candidatures/<int:pk>/preuves/chapitres/<str:chapter>/soumettre/",
        views.chapter_submit,
        name="chapter_submit",
    ),
    path(
        "candidatures/<int:pk>/preuves/equivalence/",
        views.evidence_equivalence,
        name="evidence_equivalence",
    ),
    path(
        "candidatures/<int:pk>/preuves/<int:evidence_pk>/exiger/",
        views.evidence_demand,
        name="evidence_demand",
    ),
    path(
        "candidatures/<int:pk>/preuves/versions/<int:version_pk>/telecharger/",
        views_files.evidence_download,
        name="evidence_download",
    ),
    path(
        "candidatures/<int:pk>/preuves/versions/<int:version_pk>/voir/",
        views_files.evidence_view,
        name="evidence_view",
    ),
    path(
        "candidatures/<int:pk>/preuves/versions/<int:version_pk>/contenu/",
        views_files.evidence_content,
        name="evidence_content",
    ),
    path(
        "candidatures/<int:pk>/preuves/versions/<int:version_pk>/entrees/<int:index>/",
        views_files.evidence_entry,
        name="evidence_entry",
    ),
    path(
        "candidatures/<int:pk>/preuves/versions/<int:version_pk>/entrees/<int:index>/contenu/",
        views_files.evidence_entry_content,
        name="evidence_entry_content",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/<slug:document>/telecharger/",
        views_files.document_download,
        name="document_download",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/<slug:document>/voir/",
        views_files.document_view,
        name="document_view",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/<slug:document>/contenu/",
        views_files.document_content,
        name="document_content",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/<slug:document>/entrees/<int:index>/",
        views_files.document_entry,
        name="document_entry",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/<slug:document>/entrees/<int:index>/contenu/",
        views_files.document_entry_content,
        name="document_entry_content",
    ),
]
