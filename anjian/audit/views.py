from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from anjian.accounts.models import Role

from .models import AuditEntry


@login_required
def audit_list(request):
    """安委办 browses the audit trail (filters: user, action, object)."""
    if not (request.user.is_superuser or request.user.role == Role.AWB):
        raise PermissionDenied
    qs = AuditEntry.objects.all()
    g = request.GET
    if g.get("username"):
        qs = qs.filter(username=g["username"])
    if g.get("action"):
        qs = qs.filter(action__startswith=g["action"])
    if g.get("model"):
        qs = qs.filter(model=g["model"])
    if g.get("object_id"):
        qs = qs.filter(object_id=g["object_id"])
    page = Paginator(qs, 50).get_page(g.get("page"))
    params = g.copy()
    params.pop("page", None)
    return render(
        request, "audit/list.html", {"page": page, "f": g, "querystring": params.urlencode()}
    )
