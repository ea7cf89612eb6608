from django.urls import path

from referencement.evidence import views as evidence_views

from .views import create, detail, dossier, listing

app_name = "candidatures"
urlpatterns = [
    path("candidatures/", listing.candidature_list, name="list"),
    path("candidatures/nouvelle/", create.candidature_create, name="create"),
    path("candidatures/<int:pk>/", detail.candidature_detail, name="detail"),
    path("candidatures/<int:pk>/soumettre/", detail.dossier_submit, name="dossier_submit"),
    path("candidatures/<int:pk>/retirer/", detail.withdraw, name="withdraw"),
    path(
        "candidatures/<int:pk>/sollicitations/<int:solicitation_pk>/repondre/",
        detail.solicitation_answer,
        name="solicitation_answer",
    ),
    path("candidatures/<int:pk>/recevabilite/", detail.admin_review, name="admin_review"),
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
]
