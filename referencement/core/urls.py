from django.urls import path

from . import views, views_legal

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibilite/", views_legal.accessibility, name="accessibility"),
    path("mentions-legales/", views_legal.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views_legal.privacy, name="privacy"),
    path("gestion-des-cookies/", views_legal.cookies, name="cookies"),
    path("plan-du-site/", views_legal.sitemap, name="sitemap"),
]
