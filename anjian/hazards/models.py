from django.conf import settings
from django.db import models

from anjian.registry.models import EnterpriseChild


class HazardCriterion(models.Model):
    """An item of a 重大事故隐患判定标准 (e.g. 应急管理部令第10号), kept as data."""

    standard = models.CharField("判定标准", max_length=128)
    category = models.CharField("类别", max_length=64, blank=True)
    number = models.CharField("条款", max_length=32)
    text = models.TextField("情形")

    class Meta:
        ordering = ["standard", "id"]
        verbose_name = "重大事故隐患判定标准条款"

    def __str__(self):
        return f"{self.standard} {self.number}"


class Hazard(EnterpriseChild):
    SOURCES = [
        ("self", "企业自查"),
        ("inspection", "执法检查"),
        ("tip", "举报核查"),
        ("assigned", "上级交办"),
        ("transfer", "异地移交"),
    ]
    LEVELS = [("general", "一般"), ("major", "重大")]
    STATUS = [
        ("pending", "待整改"),
        ("rectifying", "整改中"),
        ("review", "待复查"),
        ("closed", "已销号"),
    ]
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="hazards"
    )
    source = models.CharField("来源", max_length=12, choices=SOURCES, db_index=True)
    level = models.CharField("等级", max_length=8, choices=LEVELS, default="general", db_index=True)
    criterion = models.ForeignKey(
        HazardCriterion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="判定标准条款",
    )
    checklist_item = models.ForeignKey(
        "checklists.ChecklistItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="检查项",
    )
    description = models.TextField("隐患描述")
    location = models.CharField("部位", max_length=128, blank=True)
    rectification_plan = models.TextField("整改方案", blank=True)
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发现人",
    )
    found_at = models.DateTimeField("发现时间", db_index=True)
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hazards",
        verbose_name="负责部门",
    )
    status = models.CharField(
        "状态", max_length=12, choices=STATUS, default="pending", db_index=True
    )
    deadline = models.DateField("整改期限", null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-found_at"]
        verbose_name = "隐患"
        indexes = [
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["department", "status", "found_at"]),
        ]

    def __str__(self):
        return f"{self.get_level_display()}隐患：{self.description[:30]}"


class HazardEvidence(models.Model):
    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(
        "类型", max_length=16, default="found", choices=[("found", "发现"), ("rectified", "整改")]
    )
    file = models.FileField("文件", upload_to="hazards/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "隐患证据"

    def __str__(self):
        return self.file.name
