"""The personal account's notifications page: the list, mark one or all read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from .selectors import notifications_of, unread_notifications_count
from .services import notifications_mark_read

PAGE_SIZE = 30


@login_required
@require_GET
def inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(notifications_of(request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "unread_count": unread_notifications_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk: int):
    """Mark one of the user's own notifications read; then open its link when asked to."""
    notifications_mark_read(user=request.user, ids=[pk])
    notification = notifications_of(request.user).filter(pk=pk).first()
    if (
        notification is not None
        and "open" in request.POST
        and notification.url
        and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    ):
        return redirect(notification.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:inbox")
