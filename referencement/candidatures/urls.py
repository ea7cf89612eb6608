from django.urls import path

from referencement.evidence import tus, views_files
from referencement.evidence import views as evidence_views

from .views import charter, create, detail, dossier, listing, next_version, recap, thread

app_name = "candidatures"
urlpatterns = [
    path("candidatures/", listing.candidature_list, name="list"),
    path("candidatures/nouvelle/", create.candidature_create, name="create"),
    path("candidatures/chartes/<str:code>/", charter.charter_page, name="charter"),
    path("candidatures/<int:pk>/", detail.candidature_detail, name="detail"),
    path("candidatures/<int:pk>/soumettre/", detail.dossier_submit, name="dossier_submit"),
    path("candidatures/<int:pk>/retirer/", detail.withdraw, name="withdraw"),
    path(
        "candidatures/<int:pk>/nouvelle-version/",
        next_version.next_version,
        name="next_version",
    ),
    path(
        "candidatures/<int:pk>/sollicitations/<int:solicitation_pk>/repondre/",
        detail.solicitation_answer,
        name="solicitation_answer",
    ),
    path("candidatures/<int:pk>/recevabilite/", recap.admin_review, name="admin_review"),
    path("candidatures/<int:pk>/dossier/recapitulatif/", recap.recap, name="recap"),
    path("candidatures/<int:pk>/dossier/recepisse.pdf", recap.receipt, name="receipt"),
    path("candidatures/<int:pk>/echanges/", thread.thread_page, name="thread"),
    path("candidatures/<int:pk>/echanges/ecrire/", thread.thread_message, name="thread_message"),
    path(
        "candidatures/<int:pk>/echanges/pieces/<int:attachment_pk>/",
        thread.attachment_download,
        name="attachment",
    ),
    path("candidatures/<int:pk>/dossier/", dossier.dossier_edit, name="dossier_edit"),
    path(
        "candidatures/<int:pk>/dossier/ligne/<str:kind>/",
        dossier.dossier_row,
        name="dossier_row",
    ),
    path(
        "candidatures/<int:pk>/dossier/documents/",
        dossier.dossier_documents,
        name="dossier_documents",
    ),
    path("candidatures/<int:pk>/preuves/", evidence_views.evidence_page, name="evidence"),
    path(
        "candidatures/<int:pk>/preuves/deposer/",
        evidence_views.evidence_deposit,
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
        evidence_views.evidence_submit,
        name="evidence_submit",
    ),
    path(
        "candidatures/<int:pk>/preuves/chapitres/<str:chapter>/soumettre/",
        evidence_views.chapter_submit,
        name="chapter_submit",
    ),
    path(
        "candidatures/<int:pk>/preuves/equivalence/",
        evidence_views.evidence_equivalence,
        name="evidence_equivalence",
    ),
    path(
        "candidatures/<int:pk>/preuves/<int:evidence_pk>/exiger/",
        evidence_views.evidence_demand,
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
