from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.inbox_view, name="inbox"),
    path("notifications/tout-lu/", views.mark_all_read_view, name="mark_all_read"),
]
