from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anjian.core.models import Scoped, scope_through


class ChecklistTemplate(Scoped):
    """A versioned checklist (检查事项清单).

    `version` is the template's edition (第N版); `revision` is the optimistic-locking counter of
    a draft. Published versions are never edited: revising one creates a new draft version that
    copies its items (see services.begin_revision).
    """

    STATUS = [("draft", "草稿"), ("published", "已发布"), ("retired", "已停用")]
    code = models.SlugField(_("模板代码"), max_length=64)
    version = models.PositiveIntegerField(_("版本"), default=1)
    title = models.CharField(_("名称"), max_length=128)
    source = models.CharField(_("来源"), max_length=200, blank=True)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checklists",
        verbose_name=_("制定部门"),
    )
    sectors = models.ManyToManyField("accounts.Sector", blank=True, verbose_name=_("适用行业领域"))
    status = models.CharField(_("状态"), max_length=12, choices=STATUS, default="draft")
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        verbose_name=_("修订自"),
    )
    revision = models.PositiveIntegerField(_("修改次数"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("创建人"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("code", "version")]
        ordering = ["code", "-version"]
        verbose_name = "检查表模板"

    def __str__(self):
        return f"{self.title}（第{self.version}版）"

    def get_absolute_url(self):
        return reverse("checklists:detail", args=[self.pk])

    @property
    def edition(self) -> str:
        """第N版 in the reader's language (the record's own text stays as stored)."""
        return gettext("第%(version)s版") % {"version": self.version}

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @classmethod
    def edit_q(cls, user):
        """Templates the user may edit: its department's, or (安委办) region-wide ones."""
        if user.role == "awb" and user.region_id:
            return Q(department__isnull=True) | Q(
                department__region__code__startswith=user.region.prefix
            )
        if user.role in ("inspector", "dept_leader") and user.department_id:
            return Q(department_id=user.department_id)
        return None

    @classmethod
    def scope_q(cls, user, action):
        # Published (and retired) versions are readable by every signed-in user; drafts only by
        # those who may edit them.
        edit = cls.edit_q(user)
        if action == "view":
            released = Q(status__in=["published", "retired"])
            return released | edit if edit is not None else released
        return edit


class ChecklistItem(Scoped):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="items")
    row = models.PositiveIntegerField(_("行号"), help_text=_("在表中的位置（唯一）"))
    subject = models.CharField(_("检查对象"), max_length=32)
    seq = models.PositiveIntegerField(_("序号"))
    item = models.TextField(_("检查项目"))
    content = models.TextField(_("检查内容"), blank=True)
    points = models.TextField(_("检查要点"), blank=True)
    basis = models.TextField(_("检查依据"), blank=True)
    liability = models.TextField(_("法律责任"), blank=True)
    remark = models.TextField(_("备注"), blank=True)
    violation_code = models.CharField(
        _("违法行为代码"), max_length=32, blank=True, help_text=_("法律引擎代码，如 SPL-97-2")
    )

    class Meta:
        unique_together = [("template", "row")]
        ordering = ["template", "row"]
        verbose_name = "检查项"

    def __str__(self):
        return f"{self.subject} {self.seq}. {self.item[:30]}"

    def get_absolute_url(self):
        return f"{self.template.get_absolute_url()}#item-{self.pk}"

    @classmethod
    def scope_q(cls, user, action):
        """An item is seen and changed with its template."""
        return scope_through(ChecklistTemplate, "template", user, action)

    def save(self, *args, **kwargs):
        # Last line of defence: a published version is immutable (services check first).
        status = (
            ChecklistTemplate.objects.filter(pk=self.template_id)
            .values_list("status", flat=True)
            .first()
        )
        if status and status != "draft":
            raise ValidationError({"template": _("已发布的检查表不能修改，请先生成新版本")})
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        return gettext("%(subject)s第%(seq)s项") % {"subject": self.subject, "seq": self.seq}
