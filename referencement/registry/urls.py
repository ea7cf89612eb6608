from django.urls import path

from . import views_agency, views_public

app_name = "registry"
urlpatterns = [
    path("registre/", views_public.registry_view, name="list"),
    path("registre/flux.atom", views_public.feed_atom_view, name="feed_atom"),
    path("registre/verifier/", views_public.verify_view, name="verify"),
    path("registre/attestations/<str:number>/", views_public.attestation_view, name="attestation"),
    path(
        "registre/attestations/<str:number>/pdf/",
        views_public.attestation_pdf_view,
        name="attestation_pdf",
    ),
    path("agence/referencements/", views_agency.manage_list_view, name="manage_list"),
    path("agence/referencements/<str:number>/", views_agency.manage_view, name="manage"),
    path("agence/referencements/<str:number>/audit/", views_agency.audit_view, name="audit"),
    path("agence/referencements/<str:number>/fin/", views_agency.end_view, name="end"),
]
