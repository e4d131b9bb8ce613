from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from anjian.core.views import ObjectListView, TransitionView

from . import services
from .filters import InboxFilter
from .models import Notification
from .tables import InboxTable


class Inbox(ObjectListView):
    model = Notification
    filterset_class = InboxFilter
    table_class = InboxTable
    table_id = "inbox"
    per_page = 30
    template_name = "notifications/inbox.html"
    title = gettext_lazy("消息提醒")

    def get_context_data(self, ctx):
        ctx["table"].request = self.request  # the rows' buttons carry the CSRF token
        return {"unread": Notification.objects.restrict(self.request.user).unread().exists()}


def _mark_read(by, n, **_kwargs):
    services.mark_read(by, [n.pk])
    return n


class OpenNotification(TransitionView):
    """Mark one reminder read and go to what it is about."""

    model = Notification
    service = staticmethod(_mark_read)

    def get_success_url(self, obj):
        return obj.url if obj.url.startswith("/") else reverse("notifications:inbox")


@login_required
@require_POST
def read_all(request):
    services.mark_read(request.user)
    return redirect("notifications:inbox")
