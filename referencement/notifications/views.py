from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .actions import mark_read
from .models import Notification
from .queries import unread_count

PAGE_SIZE = 20


@login_required
def inbox_view(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related(
        "candidature"
    )
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page_obj": page, "unread": unread_count(request.user), "title": "Notifications"}
    response = render(request, "notifications/inbox.html", context)
    mark_read(request.user, [n.pk for n in page])
    return response


@login_required
@require_POST
def mark_all_read_view(request: HttpRequest) -> HttpResponse:
    mark_read(request.user)
    return redirect("notifications:inbox")
