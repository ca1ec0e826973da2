"""The member's notifications: newest first; opening one marks it read and goes to what it is about."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET, require_POST

from factcheck import selectors, services

PAGE_SIZE = 25


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = selectors.notifications_of(user=request.user)
    if request.GET.get("unread") == "1":
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "factcheck/notifications/list.html",
        {"page": page, "unread_only": request.GET.get("unread") == "1"},
    )


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_of(user=request.user), pk=pk)
    services.mark_read(user=request.user, notification=notification)
    # The target comes from the notification itself, never from the request: no open redirect.
    return redirect(notification.get_absolute_url())


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if count:
        done = ngettext("Marked %(count)d notification as read.", "Marked %(count)d notifications as read.", count)
        messages.success(request, done % {"count": count})
    else:
        messages.success(request, gettext("There are no unread notifications."))
    return redirect("web:notifications")
