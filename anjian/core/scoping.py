"""The one scoping path: `Model.objects.restrict(user, action)`.

In the spirit of NetBox's RestrictedQuerySet. Each scoped model answers `scope_q(user,
action)` with a Q object (or None for "nothing"); pages and API endpoints fetch rows only
through `restrict()` or `get_scoped_or_404()`, so an out-of-scope id answers 404.
"""

from django.db import models
from django.http import Http404
from django.utils.translation import gettext

ACTIONS = ("view", "add", "change", "delete")


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self.all()
        q = self.model.scope_q(user, action)
        if q is None:
            return self.none()
        return self.filter(q)


def get_scoped_or_404(model_or_qs, user, action: str = "view", **lookup):
    qs = model_or_qs if isinstance(model_or_qs, models.QuerySet) else model_or_qs.objects.all()
    try:
        return qs.restrict(user, action).get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404(gettext("未找到或无权访问")) from exc
