"""执法公示 records: a published 行政处罚决定 (its redacted text, kept) and each of its versions.

The portal and the open-data API read only `Publication.data`, the redacted record written by
`redaction.decision_record`; they never read a case directly, so nothing the redaction rule
removes can reach a public page.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_uid() -> str:
    return uuid.uuid4().hex[:16]


class Publication(models.Model):
    """The public record of one 行政处罚决定 (行政处罚法第四十八条). `uid` is its stable
    identifier on the portal and in the open data; it never changes, not even on withdrawal."""

    STATUS = [("published", _("已公示")), ("withdrawn", _("已撤回"))]
    uid = models.CharField(_("公示编号"), max_length=32, unique=True, default=new_uid)
    case = models.OneToOneField(
        "enforcement.Case", on_delete=models.PROTECT, related_name="publication"
    )
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("部门")
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=STATUS, default="published", db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    decided_on = models.DateField(_("决定日期"), db_index=True)
    due_on = models.DateField(_("最迟公示日期"))
    published_on = models.DateField(_("公示日期"), db_index=True)
    updated_on = models.DateField(_("更新日期"))
    withdrawn_on = models.DateField(_("撤回日期"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    data = models.JSONField(_("公示内容"), default=dict)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("行政处罚决定公示")

    def __str__(self):
        return self.data.get("number") or self.uid

    def get_absolute_url(self):
        return reverse("portal:decision", args=[self.uid])

    @property
    def late(self) -> bool:
        return self.published_on > self.due_on


class PublicationRevision(models.Model):
    """One version of a publication: as first published, each change, and its withdrawal."""

    KINDS = [("publish", _("公示")), ("update", _("更新")), ("withdraw", _("撤回"))]
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("版本"))
    kind = models.CharField(_("类型"), max_length=12, choices=KINDS)
    on = models.DateField(_("日期"))
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(_("说明"), blank=True)
    data = models.JSONField(_("公示内容"), default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["publication_id", "version"]
        unique_together = [("publication", "version")]
        verbose_name = _("公示版本")

    def __str__(self):
        return f"{self.publication} v{self.version}"
