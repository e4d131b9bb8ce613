"""Base classes every domain model builds on."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedQuerySet


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


class Scoped(models.Model):
    """A model whose rows are visible per user; subclasses define `scope_q(user, action)`."""

    objects = RestrictedManager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):  # pragma: no cover - each model overrides
        raise NotImplementedError(f"{cls.__name__} must define scope_q")


class Versioned(models.Model):
    """Optimistic locking: services bump `version` and refuse stale writes."""

    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


def scope_through(parent, lookup: str, user, action):
    """The scope of rows seen and changed with their parent record (`lookup` is the foreign
    key to it): the parent's own scope, as a subquery."""
    q = parent.scope_q(user, action)
    if q is None:
        return None
    return Q(**{f"{lookup}__in": parent.objects.filter(q).values("pk")})
