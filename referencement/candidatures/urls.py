from django.urls import path

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
]
