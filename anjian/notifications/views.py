from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.core.scoping import get_scoped_or_404

from . import services
from .models import Notification


@login_required
def inbox(request):
    qs = Notification.objects.restrict(request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        qs = qs.unread()
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "show": show,
            "unread": Notification.objects.restrict(request.user).unread().exists(),
            "querystring": params.urlencode(),
        },
    )


@login_required
@require_POST
def open_notification(request, pk):
    n = get_scoped_or_404(Notification, request.user, "change", pk=pk)
    services.mark_read(request.user, [n.pk])
    if n.url.startswith("/"):
        return redirect(n.url)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.mark_read(request.user)
    return redirect("notifications:inbox")
