"""I1 supervision plans, I2 双随机 draws, I3 signed inspection records (执法检查).

Scope rules (see each `scope_q`):
- 安委办: everything whose department / enterprise lies in its region.
- 部门执法人员/负责人: plans, draws and inspections of their own department (lead or joint
  department in 联合执法); an inspection of another department answers 404.
- 镇街/园区: inspections of enterprises in its territory, read-only.
- 专家: only the inspections it is assigned to (team membership); it may record results and
  findings there but neither sign nor submit.
- 企业用户: its own enterprise's *submitted* inspections, read-only (drafts stay internal).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from anjian.accounts.models import Role
from anjian.core.models import Scoped, Versioned, scope_through
from anjian.hazards.models import DISPOSALS

MODES = [
    ("sbll", "四不两直"),
    ("covert", "暗查暗访"),
    ("random", "双随机"),
    ("joint", "联合执法"),
    ("cross_town", "异地互查"),
    ("lookback", "回头看"),
    ("tip", "举报核查"),
    ("expert", "专家参与"),
]
MODE_LABELS = dict(MODES)

ORIGINS = [("plan", "年度计划"), ("draw", "双随机抽取"), ("tip", "举报线索"), ("adhoc", "临时检查")]


def _dept_region_q(user, field="department__region__code__startswith"):
    return Q(**{field: user.region.prefix}) if user.region_id else None


class SupervisionPlan(Scoped, Versioned):
    """年度监督检查计划 of one department with monthly targets (I1, seed 000 附件6)."""

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="plans",
        verbose_name=_("部门"),
    )
    year = models.PositiveIntegerField(_("年度"))
    title = models.CharField(_("计划名称"), max_length=128)
    monthly_targets = models.JSONField(
        _("每月检查目标（家次）"), default=list, help_text=_("12 个整数，依次为 1—12 月")
    )
    key_coverage_target = models.PositiveSmallIntegerField(
        _("重点检查企业覆盖率目标（%）"), default=100
    )
    general_sample_target = models.PositiveSmallIntegerField(
        _("一般检查企业抽查比例目标（%）"), default=10
    )
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        unique_together = [("department", "year")]
        ordering = ["-year", "department_id"]
        verbose_name = "年度监督检查计划"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:plan_detail", args=[self.pk])

    @property
    def annual_target(self) -> int:
        return sum(int(x or 0) for x in self.monthly_targets)

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB:
            return _dept_region_q(user)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            if action == "view" or user.role == Role.DEPT_LEADER:
                return Q(department_id=user.department_id)
        return None


class Draw(Scoped):
    """A 双随机 draw: k enterprises from a department's 一般 list, inspectors from its pool.

    `candidates`, `pool`, `rules` and `seed` are everything `algorithm.run_draw` needs; `result`
    is what it produced. `anjian verify-draw ID` recomputes the result from the stored inputs.
    `input_digest` (SHA-256 of the canonical inputs, also written to the audit chain) detects
    an edited candidate list or pool.
    """

    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name=_("部门"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name=pgettext_lazy("one", "专项行动"),
    )
    plan = models.ForeignKey(
        SupervisionPlan,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="draws",
        verbose_name=_("年度计划"),
    )
    title = models.CharField(_("抽查名称"), max_length=128)
    inspection_date = models.DateField(_("检查日期"))
    k = models.PositiveIntegerField(_("抽取企业数"))
    team_size = models.PositiveSmallIntegerField(_("每家企业执法人员数"), default=2)
    sector = models.ForeignKey(
        "accounts.Sector",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("行业领域"),
    )
    town = models.ForeignKey(
        "accounts.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("镇街/园区"),
    )
    cross_town = models.BooleanField(_("异地互查"), default=False)
    seed = models.CharField(_("随机种子"), max_length=64)
    algorithm = models.CharField(_("算法版本"), max_length=32, default="anjian-draw-v1")
    candidates = models.JSONField(_("候选企业（按ID排序）"), default=list)
    pool = models.JSONField(_("执法人员库（按ID排序）"), default=list)
    rules = models.JSONField(_("回避规则"), default=dict)
    result = models.JSONField(_("抽取结果"), default=dict)
    input_digest = models.CharField(_("输入摘要"), max_length=64)
    # 国办发〔2024〕54号: enterprises left out before the draw (at the published yearly limit,
    # or visited by another department within the window), each {id, name, reason}
    excluded = models.JSONField(_("未纳入抽取的企业"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("抽取人"),
    )
    created_at = models.DateTimeField(_("抽取时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "双随机抽查"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("inspections:draw_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user, action):
        if user.role == Role.AWB:
            return _dept_region_q(user) if action in ("view", "change") else None
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            return Q(department_id=user.department_id)
        return None


class Inspection(Scoped, Versioned):
    """现场检查 record. Draft until every signature is in; submitted records never change."""

    STATUS = [("draft", "检查中"), ("submitted", "已提交")]
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("被检查单位"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("牵头部门"),
    )
    joint_departments = models.ManyToManyField(
        "accounts.Department",
        blank=True,
        related_name="joint_inspections",
        verbose_name=_("联合部门"),
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=pgettext_lazy("one", "专项行动"),
    )
    checklist = models.ForeignKey(
        "checklists.ChecklistTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("one", "检查表"),
    )
    origin = models.CharField(_("来源"), max_length=8, choices=ORIGINS, default="adhoc")
    plan = models.ForeignKey(
        SupervisionPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    draw = models.ForeignKey(
        Draw, null=True, blank=True, on_delete=models.PROTECT, related_name="inspections"
    )
    tip_ref = models.CharField(_("举报编号"), max_length=64, blank=True)
    modes = models.JSONField(_("检查方式"), default=list)
    inspecting_town = models.ForeignKey(
        "accounts.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查组所属镇街（异地互查）"),
    )
    inspected_on = models.DateField(_("检查日期"), db_index=True)
    place = models.CharField(_("检查场所"), max_length=200, blank=True)
    summary = models.TextField(_("检查情况"), blank=True)
    enterprise_rep = models.CharField(_("被检查单位现场负责人"), max_length=32, blank=True)
    enterprise_rep_title = models.CharField(_("职务"), max_length=32, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=STATUS, default="draft", db_index=True
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_digest = models.CharField(_("提交内容摘要"), max_length=64, blank=True)
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="inspection",
    )
    region_code = models.CharField(_("区划代码"), max_length=12, db_index=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = "执法检查"
        indexes = [
            models.Index(fields=["department", "inspected_on"]),
            models.Index(fields=["enterprise", "inspected_on"]),
        ]

    def __str__(self):
        return f"{self.enterprise} {self.inspected_on:%Y-%m-%d} 检查"

    def get_absolute_url(self):
        return reverse("inspections:detail", args=[self.pk])

    @property
    def locked(self) -> bool:
        return self.status == "submitted"

    def mode_labels(self) -> list[str]:
        return [MODE_LABELS.get(m, m) for m in self.modes]

    @classmethod
    def scope_q(cls, user, action):
        member = Exists(TeamMember.objects.filter(inspection=OuterRef("pk"), user=user))
        if user.role == Role.AWB:
            return Q(region_code__startswith=user.region.prefix) if user.region_id else None
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            joint = Exists(
                cls.joint_departments.through.objects.filter(
                    inspection=OuterRef("pk"), department_id=user.department_id
                )
            )
            own = Q(department_id=user.department_id) | Q(joint)
            if action == "view":
                return own | Q(member)
            if action == "add":
                return own
            if user.role == Role.DEPT_LEADER:
                return own
            return Q(member)
        if user.role == Role.TOWN and user.region_id and action == "view":
            return Q(region_code__startswith=user.region.prefix)
        if user.role == Role.EXPERT:
            return Q(member) if action in ("view", "change") else None
        if user.role == Role.ENTERPRISE and user.enterprise_id and action == "view":
            return Q(enterprise_id=user.enterprise_id, status="submitted")
        return None


class InspectionChild(Scoped):
    """Rows of an inspection share its scope."""

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):
        return scope_through(Inspection, "inspection", user, action)


class TeamMember(models.Model):
    ROLES = [("inspector", "执法人员"), ("expert", "专家")]
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=12, choices=ROLES)
    is_leader = models.BooleanField(_("组长"), default=False)
    cert_no = models.CharField(_("执法证号"), max_length=32, blank=True)

    class Meta:
        unique_together = [("inspection", "user")]
        ordering = ["inspection", "-is_leader", "role", "id"]
        verbose_name = "检查组成员"

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ItemResult(InspectionChild):
    RESULTS = [("ok", "符合"), ("fail", "不符合"), ("na", "不涉及")]
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey("checklists.ChecklistItem", on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("检查结果"), max_length=4, choices=RESULTS)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        unique_together = [("inspection", "item")]
        ordering = ["inspection", "item__row"]
        verbose_name = "检查项结果"

    def __str__(self):
        return f"{self.item_id}: {self.get_result_display()}"


class Finding(InspectionChild):
    """A problem found on site: either a hazard (隐患) for the ledger or a violation (违法行为)."""

    KINDS = [("hazard", "隐患"), ("violation", "违法行为")]
    LEVELS = [("general", "一般"), ("major", "重大")]
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("类别"), max_length=12, choices=KINDS, default="hazard")
    description = models.TextField(_("问题描述"))
    location = models.CharField(_("部位"), max_length=128, blank=True)
    checklist_item = models.ForeignKey(
        "checklists.ChecklistItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("对应检查项"),
    )
    hazard_level = models.CharField(_("隐患等级"), max_length=8, choices=LEVELS, blank=True)
    rectification_plan = models.TextField(_("整改要求"), blank=True)
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    violation_code = models.CharField(_("违法行为代码"), max_length=32, blank=True)
    # 检查诊断 in one flow (issue 18): the disposal chosen on site (E1, the eight options of the
    # 移交表), the 判定标准 item of a major hazard, and the 五落实 the enterprise planned.
    disposal = models.CharField(_("执法处置意见"), max_length=16, choices=DISPOSALS, blank=True)
    # 移交其他部门: the receiving department; the 移交表 is made when the record is submitted
    transfer_to = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("移交部门"),
    )
    criterion = models.ForeignKey(
        "hazards.HazardCriterion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("判定标准条款"),
    )
    measures = models.TextField(_("整改措施"), blank=True)
    responsible_person = models.CharField(_("整改责任人"), max_length=64, blank=True)
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["inspection", "id"]
        verbose_name = "检查发现问题"

    def __str__(self):
        return self.description[:40]

    def get_absolute_url(self):
        return reverse("inspections:detail", args=[self.inspection_id]) + "#finding"


class FindingPhoto(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to="inspections/%Y/%m/")
    content_type = models.CharField(max_length=32)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = "现场照片"

    def __str__(self):
        return self.file.name


class FiveOne(InspectionChild):
    """ "五个一" records of seed 000 (执法+服务)."""

    KINDS = [
        ("ability_test", "履职能力测试"),
        ("interview", "面对面谈话"),
        ("evaluation", "员工书面评价"),
        ("publicity", "普法宣传"),
        ("feedback", "片区反馈会"),
    ]
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="five_one")
    kind = models.CharField(_("事项"), max_length=16, choices=KINDS)
    participants = models.CharField(_("对象/参加人员"), max_length=200, blank=True)
    score = models.PositiveSmallIntegerField(_("测试得分"), null=True, blank=True)
    summary = models.TextField(_("情况记录"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        unique_together = [("inspection", "kind")]
        ordering = ["inspection", "id"]
        verbose_name = "五个一记录"

    def __str__(self):
        return self.get_kind_display()


class Amendment(InspectionChild):
    """A signed correction of a submitted inspection; the original record stays unchanged."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="amendments")
    seq = models.PositiveIntegerField(_("序号"))
    reason = models.TextField(_("更正原因"))
    content = models.TextField(_("更正内容"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="amendment",
    )

    class Meta:
        unique_together = [("inspection", "seq")]
        ordering = ["inspection", "seq"]
        verbose_name = "更正记录"

    def __str__(self):
        return f"更正记录{self.seq}"


class OfflineSync(models.Model):
    """One record captured offline on a phone and synced (issue 18): its idempotency key is
    unique, so a retry of the same key returns the stored answer instead of writing twice."""

    key = models.CharField(_("幂等键"), max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="offline_syncs"
    )
    response = models.JSONField(_("同步结果"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "离线同步记录"

    def __str__(self):
        return self.key
