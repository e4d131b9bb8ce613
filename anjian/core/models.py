"""Base classes every domain model builds on."""

from django.conf import settings
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


class IdempotencyKey(models.Model):
    """A submitted form's one-time key: the same key again (a double click, a resent form, a
    retried sync) does not run the change twice but answers with the first result.

    Pages get a fresh key per form from app.js (hidden `_idem`); API clients send an
    `Idempotency-Key` header. Keys are per user; old ones are pruned."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    location = models.CharField(max_length=300, blank=True)  # where the first result was shown

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_idempotency_user_key")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
