from django.db import models
from django.db.models import Q

from anjian.core.models import Scoped


class Campaign(Scoped):
    """专项行动, e.g. 遂宁市安居区 “强安2023”监管执法专项行动 (seed 000)."""

    title = models.CharField("行动名称", max_length=128)
    doc_no = models.CharField("发文字号", max_length=64, blank=True)
    issuer = models.CharField("发文单位", max_length=64, blank=True)
    region = models.ForeignKey("accounts.Region", on_delete=models.PROTECT, verbose_name="区域")
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    departments = models.ManyToManyField("accounts.Department", blank=True, verbose_name="参与部门")
    checklists = models.ManyToManyField(
        "checklists.ChecklistTemplate", blank=True, verbose_name="检查表"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start"]
        verbose_name = "专项行动"

    def __str__(self):
        return self.title

    @classmethod
    def scope_q(cls, user, action):
        if action == "view":
            if user.role == "enterprise":
                return (
                    Q(region__code__in=_ancestors(user.enterprise.region_id))
                    if user.enterprise_id
                    else None
                )
            region = user.department.region if user.department_id else user.region
            if region is None:
                return None
            return Q(region__code__startswith=region.prefix) | Q(
                region__code__in=_ancestors(region.code)
            )
        if user.role == "awb" and user.region_id:
            return Q(region__code__startswith=user.region.prefix)
        return None


def _ancestors(code: str) -> list[str]:
    return [code[:6] + "000000", code[:9] + "000", code]


class CampaignPhase(models.Model):
    KINDS = [
        ("self_check", "自查自改"),
        ("enforcement", "集中执法"),
        ("review", "巩固提高/回头看"),
        ("institution", "建章立制"),
        ("other", "其他"),
    ]
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField("阶段类型", max_length=16, choices=KINDS)
    name = models.CharField("阶段名称", max_length=64)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")

    class Meta:
        ordering = ["campaign", "start"]
        verbose_name = "行动阶段"

    def __str__(self):
        return f"{self.name}（{self.start}—{self.end}）"
