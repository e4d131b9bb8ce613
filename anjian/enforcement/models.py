"""Enforcement records (E3–E8). Field names here are a contract the statistics read."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse

from anjian.accounts.models import Role
from anjian.core.models import Scoped
from anjian.registry.models import enterprise_scope_q


def dept_scope_q(user, action, prefix: str = ""):
    """Rows owned by a department and located in a region: 安委办 sees its region, a department
    its own rows, a town the rows in its territory (read-only)."""
    p = prefix
    if user.role == Role.AWB and user.region_id:
        return Q(**{f"{p}region_code__startswith": user.region.prefix})
    if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
        return Q(**{f"{p}department_id": user.department_id})
    if user.role == Role.TOWN and user.region_id and action == "view":
        return Q(**{f"{p}region_code__startswith": user.region.prefix})
    return None


class DeptScoped(Scoped):
    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, action):
        return dept_scope_q(user, action)


class Case(DeptScoped):
    """立案处罚 case. 一案双罚: the enterprise and responsible persons are parties."""

    PROCEDURES = [("general", "普通程序"), ("simple", "简易程序")]
    STAGES = [
        ("proposed", "立案审批中"),
        ("rejected", "不予立案"),
        ("filed", "立案"),
        ("investigation", "调查取证"),
        ("notice", "告知"),
        ("decided", "决定"),
        ("served", "送达"),
        ("execution", "执行/缴款"),
        ("closed", "结案"),
    ]
    number = models.CharField("案号", max_length=64, blank=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="cases"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="cases"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    findings = models.ManyToManyField("inspections.Finding", blank=True, related_name="cases")
    hazards = models.ManyToManyField("hazards.Hazard", blank=True, related_name="cases")
    title = models.CharField("案由", max_length=200)
    facts = models.TextField("违法事实", blank=True)
    procedure = models.CharField("程序", max_length=8, choices=PROCEDURES, default="general")
    stage = models.CharField("阶段", max_length=16, choices=STAGES, default="filed", db_index=True)
    filed_on = models.DateField("立案日期", db_index=True)
    decided_on = models.DateField("决定日期", null=True, blank=True, db_index=True)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    handlers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Added fields (E3 lifecycle); the contract fields above keep their meaning.
    proposed_on = models.DateField("立案申请日期", null=True, blank=True)
    filing_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="立案审批人",
    )
    filing_note = models.TextField("立案审批意见", blank=True)
    investigation_on = models.DateField("调查取证开始日期", null=True, blank=True)
    evidence = models.TextField("证据材料", blank=True)
    notice_on = models.DateField("告知日期", null=True, blank=True)
    hearing_right = models.BooleanField("告知听证权利", default=False)
    hearing_basis = models.TextField("听证权利依据", blank=True)
    statement = models.TextField("陈述申辩意见", blank=True)
    hearing_requested = models.BooleanField("当事人要求听证", default=False)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    rights_waived = models.BooleanField("当事人明确放弃陈述申辩（听证）权利", default=False)
    decision_status = models.CharField(
        "处罚决定审批",
        max_length=10,
        blank=True,
        choices=[("proposed", "待审批"), ("approved", "已批准"), ("returned", "退回")],
    )
    decision_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="拟处罚意见提出人",
    )
    decision_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="处罚决定审批人",
    )
    decision_note = models.TextField("审批意见", blank=True)
    extension_days = models.PositiveIntegerField("延长办案期限（日）", default=0)
    extension_reason = models.TextField("延期理由", blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="延期批准人",
    )
    served_on = models.DateField("送达日期", null=True, blank=True)
    service_method = models.CharField("送达方式", max_length=32, blank=True)
    payment_due_on = models.DateField("缴款期限", null=True, blank=True)
    closing_note = models.TextField("结案意见", blank=True)
    # The facts the law engine's discretion takes (law.Facts; see services.discretion), as
    # entered on the decision form; the decision document and the 案卷评查 show them.
    discretion_facts = models.JSONField("裁量情节", default=dict, blank=True)

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = "案件"
        indexes = [models.Index(fields=["department", "filed_on"])]

    def __str__(self):
        return f"{self.number or '案件'} {self.title}"

    def get_absolute_url(self):
        return reverse("enforcement:case_detail", args=[self.pk])


class CaseParty(models.Model):
    """A party of a case and the decision on it (one row per party)."""

    KINDS = [("enterprise", "生产经营单位"), ("person", "个人")]
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    kind = models.CharField("当事人类型", max_length=12, choices=KINDS)
    name = models.CharField("名称/姓名", max_length=128)
    position = models.CharField(
        "职务", max_length=64, blank=True, help_text="如：主要负责人、直接负责的主管人员"
    )
    violation_code = models.CharField("违法行为代码", max_length=32, blank=True)
    article = models.CharField("处罚依据条款", max_length=128, blank=True)
    fine_min = models.DecimalField(
        "法定罚款下限", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        "法定罚款上限", max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine = models.DecimalField(
        "罚款金额（元）", max_digits=14, decimal_places=2, null=True, blank=True
    )
    out_of_range_reason = models.TextField("超出法定幅度的法律理由", blank=True)
    other_penalties = models.CharField("其他处罚", max_length=200, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    paid_amount = models.DecimalField("已缴金额", max_digits=14, decimal_places=2, default=0)
    paid_on = models.DateField("缴款日期", null=True, blank=True)
    surcharge = models.DecimalField("加处罚款", max_digits=14, decimal_places=2, default=0)
    # Added fields: the engine's inputs and answer for this party.
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    engine_party = models.CharField("法定处罚对象", max_length=48, blank=True)
    # A person's particulars as the documents state them (an enterprise's come from the
    # registry). Never shown on public pages or in the open-data API.
    id_number = models.CharField("身份证号", max_length=18, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    overdue = models.BooleanField("逾期未改正", default=False)
    last_year_income = models.DecimalField(
        "上一年年收入", max_digits=14, decimal_places=2, null=True, blank=True
    )
    suggested_fine = models.DecimalField(
        "建议罚款", max_digits=14, decimal_places=2, null=True, blank=True
    )
    tier = models.CharField("裁量档次", max_length=8, blank=True)
    engine_reasons = models.JSONField("裁量理由", default=list, blank=True)
    surcharge_days = models.PositiveIntegerField("逾期缴款天数", default=0)

    class Meta:
        ordering = ["case", "kind", "id"]
        verbose_name = "当事人"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class Hearing(models.Model):
    """听证 (行政处罚法第六十三条至第六十五条): scheduled with its notice at least seven days
    before (第六十四条第二项), then its 笔录 (第六十四条第八项) and the host's report."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="hearing")
    held_on = models.DateField("听证日期")
    time = models.CharField("听证时间", max_length=16, blank=True, help_text="如：上午9时30分")
    place = models.CharField("听证地点", max_length=128)
    host = models.CharField("听证主持人", max_length=32)
    clerk = models.CharField("记录人", max_length=32, blank=True)
    public = models.BooleanField("公开举行", default=True)
    notified_on = models.DateField("通知日期")
    participants = models.TextField("参加人员", blank=True)
    transcript = models.TextField("听证笔录", blank=True)
    report = models.TextField("听证会报告", blank=True)
    opinion = models.TextField("处理意见和建议", blank=True)
    recorded_on = models.DateField("笔录日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "听证"

    def __str__(self):
        return f"听证 {self.held_on} {self.place}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class Sanction(DeptScoped):
    """E5 escalations: 责令停产停业整顿, 提请关闭, 吊销许可证, 行业禁入, 严重失信名单, 移送司法."""

    KINDS = [
        ("suspension", "责令停产停业整顿"),
        ("closure", "提请关闭"),
        ("revocation", "吊销许可证"),
        ("industry_ban", "行业禁入"),
        ("dishonesty", "严重失信主体名单"),
        ("judicial", "移送司法"),
    ]
    kind = models.CharField("类型", max_length=16, choices=KINDS, db_index=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="sanctions"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="sanctions"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="sanctions"
    )
    licence = models.ForeignKey(
        "registry.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person_name = models.CharField("人员", max_length=32, blank=True)
    decided_on = models.DateField("决定日期", db_index=True)
    starts_on = models.DateField("起始日期", null=True, blank=True)
    ends_on = models.DateField("截止日期", null=True, blank=True)
    basis = models.TextField("依据", blank=True)
    note = models.TextField("说明", blank=True)
    lifted_on = models.DateField("解除/移出日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Added fields.
    STATUS = [("proposed", "待审批"), ("decided", "已决定"), ("rejected", "不予采纳")]
    status = models.CharField(
        "状态", max_length=10, choices=STATUS, default="decided", db_index=True
    )
    auto = models.BooleanField("系统自动提出", default=False)
    early_removal_from = models.DateField("可申请提前移出日期", null=True, blank=True)
    verified_on = models.DateField("整顿验收日期", null=True, blank=True)
    verification_passed = models.BooleanField("验收合格", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = "升级处置"

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise}"

    def get_absolute_url(self):
        """Escalations have no page of their own: their list."""
        return reverse("enforcement:sanction_list")


class Transfer(DeptScoped):
    """E6 移交 (seed 001 异地执法检查问题移交表), to a department, a town or a judicial organ."""

    KINDS = [("general", "一般移交"), ("judicial", "涉及行刑衔接")]
    STATUS = [("issued", "已移交"), ("acknowledged", "已接收"), ("done", "已反馈结果")]
    kind = models.CharField(
        "移交类型", max_length=10, choices=KINDS, default="general", db_index=True
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="transfers_out",
        verbose_name="移交单位",
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="transfers"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="transfers"
    )
    to_department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    to_region = models.ForeignKey(
        "accounts.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_organ = models.CharField(
        "接收机关", max_length=64, blank=True, help_text="如：公安机关、检察机关"
    )
    issued_on = models.DateField("移交日期", db_index=True)
    status = models.CharField("状态", max_length=14, choices=STATUS, default="issued")
    acknowledged_on = models.DateField("接收日期", null=True, blank=True)
    result = models.TextField("处理结果", blank=True)
    result_on = models.DateField("反馈日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Added fields: the seed 001 form's header and both sides' signatures.
    checked_on = models.DateField("检查时间", null=True, blank=True)
    reason = models.TextField("移交事由", blank=True)
    # 双方共同签字: each side signs for itself (accounts.Signature, roles "team" and "local")
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="transfer",
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="接收人",
    )
    result_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="反馈人",
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = "移交"

    def __str__(self):
        return f"{self.get_kind_display()} {self.enterprise}"

    @classmethod
    def scope_q(cls, user, action):
        """The issuing side (department scope) plus the receiving department or town."""
        q = dept_scope_q(user, action)
        if user.role in (Role.INSPECTOR, Role.DEPT_LEADER) and user.department_id:
            q = q | Q(to_department_id=user.department_id)
        if user.role == Role.TOWN and user.region_id:
            recv = Q(to_region__code__startswith=user.region.prefix)
            q = (q | recv) if q is not None else recv
        return q

    def get_absolute_url(self):
        return reverse("enforcement:transfer_detail", args=[self.pk])

    @property
    def receiver(self) -> str:
        if self.to_department_id:
            return self.to_department.name
        if self.to_region_id:
            return self.to_region.name
        return self.to_organ

    def signatures_of(self, side: str) -> list:
        return [s for s in self.signatures.all() if s.role == side]

    @property
    def signed(self) -> bool:
        """The 区执法组 has signed, and so has the 镇街 when the form goes to a town."""
        roles = {s.role for s in self.signatures.all()}
        return "team" in roles and ("local" in roles or not self.to_region_id)


class TransferItem(models.Model):
    """A row of the seed 001 异地执法检查问题移交表."""

    DISPOSALS = [
        ("immediate", "现场立即整改"),
        ("deadline", "责令限期整改"),
        ("emergency", "现场紧急处置"),
        ("suspend", "暂时停产停业"),
        ("transfer", "移交其他部门"),
        ("simple_penalty", "简易处罚"),
        ("case", "立案处罚"),
        ("other", "其他处置措施"),
    ]
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    check_item = models.CharField("所属检查项目", max_length=128, blank=True)
    description = models.TextField("问题描述")
    legal_basis = models.TextField("法律依据", blank=True)
    standard_basis = models.TextField("标准依据", blank=True)
    raised_by = models.CharField("问题提出人员", max_length=64, blank=True)
    responsible_unit = models.CharField("执法责任单位", max_length=64, blank=True)
    disposals = models.JSONField("执法处置意见", default=list)
    finding = models.ForeignKey(
        "inspections.Finding", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["transfer", "seq"]
        unique_together = [("transfer", "seq")]
        verbose_name = "移交事项"

    def __str__(self):
        return f"{self.seq}. {self.description[:30]}"

    def disposal_labels(self) -> list[str]:
        labels = dict(self.DISPOSALS)
        return [labels.get(d, d) for d in self.disposals]


# The document kinds: the ones below, and those other modules add with
# `enforcement.documents.register` (in their AppConfig.ready). The field's choices are a
# callable, so adding a kind needs no migration.
DOCUMENT_KINDS = [
    ("inspection_record", "现场检查记录"),
    ("onsite_measure", "现场处理措施决定书"),
    ("rectification_order", "责令限期整改指令书"),
    ("review_opinion", "整改复查意见书"),
    ("filing_approval", "立案审批表"),
    ("penalty_notice", "行政处罚告知书"),
    ("hearing_notice", "听证告知书"),
    ("penalty_decision", "行政处罚决定书"),
    ("closing_approval", "结案审批表"),
    ("transfer_form", "移交表"),
    ("dishonesty_notice", "列入严重失信主体名单告知书"),
    ("dishonesty_decision", "列入严重失信主体名单决定书"),
    ("dishonesty_removal", "移出严重失信主体名单决定书"),
]


def document_kinds():
    return DOCUMENT_KINDS


class Document(DeptScoped):
    """E7 执法文书, numbered per department, kind and year without gaps."""

    KINDS = DOCUMENT_KINDS  # the registered kinds (`documents.register`)
    kind = models.CharField("文书种类", max_length=24, choices=document_kinds, db_index=True)
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="documents"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    year = models.PositiveIntegerField("年份")
    seq = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=64, unique=True)
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="documents"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    hazard = models.ForeignKey(
        "hazards.Hazard", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    transfer = models.ForeignKey(
        Transfer, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # The party a document is addressed to where a case has several (一案双罚: the unit and
    # each penalised person get their own 行政处罚决定书); empty = the case's unit.
    party = models.ForeignKey(
        CaseParty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name="当事人",
    )
    dishonesty = models.ForeignKey(
        "DishonestyProcedure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    issued_on = models.DateField("制发日期", db_index=True)
    docx = models.FileField("Word 文件", upload_to="documents/%Y/", blank=True)
    pdf = models.FileField("PDF 文件", upload_to="documents/%Y/", blank=True)
    # SHA-256 of the stored (signed) PDF: the public verification page compares against it
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, blank=True, db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # 受送达人签收: the party's own signature on a document served on it (accounts.Signature)
    signatures = GenericRelation(
        "accounts.Signature",
        content_type_field="target_type",
        object_id_field="target_id",
        related_query_name="document",
    )
    # the kinds served on the party, which it signs for itself on receipt
    PARTY_SIGNED = (
        "onsite_measure",
        "rectification_order",
        "review_opinion",
        "penalty_notice",
        "hearing_notice",
        "penalty_decision",
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        unique_together = [("department", "kind", "year", "seq")]
        verbose_name = "执法文书"

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self):
        """Documents have no page of their own: their case's page, else their list."""
        if self.case_id:
            return reverse("enforcement:case_detail", args=[self.case_id])
        return reverse("enforcement:document_list")

    @property
    def party_signs(self) -> bool:
        return self.kind in self.PARTY_SIGNED


class DocumentCounter(models.Model):
    """Locked row per (department, kind, year) that hands out the next number."""

    department = models.ForeignKey(
        "accounts.Department", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=24)
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        unique_together = [("department", "kind", "year")]

    def __str__(self):
        return f"{self.department_id}/{self.kind}/{self.year}: {self.last}"


class Exposure(DeptScoped):
    """E8 曝光: a publication of violations (channel, date, link, cases)."""

    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="exposures"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    channel = models.CharField(
        "曝光渠道", max_length=64, help_text="如：区融媒体中心、政府网站、微信公众号"
    )
    title = models.CharField("标题", max_length=200)
    published_on = models.DateField("曝光日期", db_index=True)
    link = models.URLField("链接", blank=True)
    cases = models.ManyToManyField(Case, blank=True, related_name="exposures")
    enterprises = models.ManyToManyField(
        "registry.Enterprise", blank=True, related_name="exposures"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "曝光"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("enforcement:exposure_list")


class DepartmentDiscretionStandard(models.Model):
    """A department's published 自由裁量基准 (行政处罚法第三十四条) as data: the dict that
    ``law.DiscretionStandard.from_dict`` reads (source, splits, repeat_period_days, step, …)."""

    department = models.OneToOneField(
        "accounts.Department", on_delete=models.CASCADE, related_name="discretion_standard"
    )
    data = models.JSONField("裁量基准")
    loaded_at = models.DateTimeField("载入时间", auto_now=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "自由裁量基准"

    def __str__(self):
        return str(self.data.get("source", ""))


# ------------------------------------------------------------------ 送达 and execution (issue 16)


def party_scope_q(user, action):
    """Department scope, plus an enterprise account reading what concerns its own enterprise."""
    q = dept_scope_q(user, action)
    if user.role == Role.ENTERPRISE and user.enterprise_id and action == "view":
        return Q(enterprise_id=user.enterprise_id)
    return q


class ServiceConsent(DeptScoped):
    """送达地址确认书: the party's written confirmation of its address for service and, where it
    agrees, of electronic service to its account (行政处罚法第六十一条第二款)."""

    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="service_consents"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    address = models.CharField("送达地址", max_length=200)
    recipient = models.CharField("代收人", max_length=64, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    electronic = models.BooleanField("同意电子送达", default=False)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="电子送达账号",
    )
    signed_by = models.CharField("确认人", max_length=64)
    signed_on = models.DateField("确认日期")
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = "送达地址确认书"

    def __str__(self):
        return f"{self.enterprise} {self.address}"

    @classmethod
    def scope_q(cls, user, action):
        return party_scope_q(user, action)

    def get_absolute_url(self):
        return reverse("enforcement:service_list")


class Service(DeptScoped):
    """送达 of one document to one 受送达人, with its 送达回证 (行政处罚法第六十一条)."""

    METHODS = [
        ("direct", "直接送达"),
        ("lodged", "留置送达"),
        ("post", "邮寄送达"),
        ("notice", "公告送达"),
        ("electronic", "电子送达"),
    ]
    STATUS = [("pending", "待签收"), ("served", "已送达")]
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="services")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="services"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    method = models.CharField("送达方式", max_length=12, choices=METHODS)
    status = models.CharField("状态", max_length=8, choices=STATUS, default="pending")
    addressee = models.CharField("受送达人", max_length=128)
    recipient = models.CharField("签收人", max_length=64, blank=True)
    place = models.CharField("送达地点", max_length=200, blank=True)
    served_at = models.DateTimeField("送达时间", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True, db_index=True)
    server = models.CharField("送达人", max_length=64, blank=True)
    witness_1 = models.CharField("见证人", max_length=64, blank=True)
    witness_2 = models.CharField("见证人（二）", max_length=64, blank=True)
    refusal = models.CharField("拒收事由", max_length=200, blank=True)
    tracking_number = models.CharField("邮件号码", max_length=40, blank=True)
    notice_medium = models.CharField("公告载体/地点", max_length=200, blank=True)
    published_on = models.DateField("公告日期", null=True, blank=True)
    consent = models.ForeignKey(
        ServiceConsent, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="签收账号",
    )
    receipt = models.OneToOneField(
        Document,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipt_of",
        verbose_name="送达回证",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "送达"

    def __str__(self):
        return f"{self.document} {self.get_method_display()}"

    @classmethod
    def scope_q(cls, user, action):
        """An enterprise account sees only what was served on it electronically."""
        if user.role == Role.ENTERPRISE:
            q = party_scope_q(user, action)
            return q & Q(method="electronic") if q is not None else None
        return dept_scope_q(user, action)

    def get_absolute_url(self):
        if self.case_id:
            return reverse("enforcement:case_detail", args=[self.case_id])
        return reverse("enforcement:service_list")

    @property
    def witnesses(self) -> list[str]:
        return [w for w in (self.witness_1, self.witness_2) if w]


class Remedy(DeptScoped):
    """行政复议 or 行政诉讼 against a case's decision, and its outcome. A changed decision keeps
    the initial penalty on the parties (CaseParty.fine) and records the final one here."""

    KINDS = [("review", "行政复议"), ("litigation", "行政诉讼")]
    OUTCOMES = [
        ("upheld", "维持"),
        ("changed", "变更"),
        ("revoked", "撤销"),
        ("illegal", "确认违法"),
        ("dismissed", "驳回申请（诉讼请求）"),
        ("withdrawn", "撤回申请（撤诉）"),
    ]
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="remedies")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    kind = models.CharField("类型", max_length=12, choices=KINDS)
    body = models.CharField("复议机关/人民法院", max_length=128)
    reference = models.CharField("案号", max_length=64, blank=True)
    filed_on = models.DateField("申请（起诉）日期")
    decided_on = models.DateField("决定（判决）日期", null=True, blank=True)
    outcome = models.CharField("结果", max_length=12, choices=OUTCOMES, blank=True)
    final_fines = models.JSONField("变更后罚款", default=dict, blank=True)
    note = models.TextField("说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["filed_on", "id"]
        verbose_name = "复议诉讼"

    def __str__(self):
        return f"{self.get_kind_display()} {self.body}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class Demand(DeptScoped):
    """罚款催缴通知书 and 行政强制执行事先催告书 (行政强制法第三十五条、第五十四条) to one party."""

    KINDS = [("demand", "罚款催缴通知书"), ("reminder", "行政强制执行事先催告书")]
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="demands")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="demands")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    kind = models.CharField("类型", max_length=10, choices=KINDS)
    issued_on = models.DateField("制发日期")
    fine = models.DecimalField("应缴罚款", max_digits=14, decimal_places=2)
    surcharge = models.DecimalField("加处罚款", max_digits=14, decimal_places=2, default=0)
    pay_by = models.DateField("履行期限", null=True, blank=True)
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="demand"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["issued_on", "id"]
        verbose_name = "催缴催告"

    def __str__(self):
        return f"{self.get_kind_display()} {self.party}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class CourtApplication(DeptScoped):
    """强制执行申请书 to the court (行政强制法第五十三条、第五十四条、第五十五条)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="court_applications")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    reminder = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="+")
    court = models.CharField("人民法院", max_length=128)
    applied_on = models.DateField("申请日期")
    amount = models.DecimalField("申请执行金额", max_digits=14, decimal_places=2)
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="court_application"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["applied_on", "id"]
        verbose_name = "强制执行申请"

    def __str__(self):
        return f"{self.court} {self.party}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


class Deferral(DeptScoped):
    """延期（分期）缴纳罚款 (行政处罚法第六十六条第二款): the party's application, the 审批表 and,
    once approved, the 批准书 with the new due date or the instalments."""

    KINDS = [("defer", "延期缴纳"), ("instalments", "分期缴纳")]
    STATUS = [("applied", "待审批"), ("approved", "已批准"), ("rejected", "不予批准")]
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deferrals")
    party = models.ForeignKey(CaseParty, on_delete=models.PROTECT, related_name="deferrals")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    kind = models.CharField("申请事项", max_length=12, choices=KINDS)
    applied_on = models.DateField("申请日期")
    reason = models.TextField("申请理由（经济困难情况）")
    handler_opinion = models.TextField("承办人意见", blank=True)
    status = models.CharField("状态", max_length=10, choices=STATUS, default="applied")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    opinion = models.TextField("审批意见", blank=True)
    due_on = models.DateField("延期至", null=True, blank=True)
    instalments = models.JSONField("分期", default=list, blank=True)  # [{"due_on", "amount"}]
    form_document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="deferral_form"
    )
    approval_document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="deferral_approval"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        ordering = ["applied_on", "id"]
        verbose_name = "延期（分期）缴纳罚款"

    def __str__(self):
        return f"{self.get_kind_display()} {self.party}"

    def get_absolute_url(self):
        return self.case.get_absolute_url()


__all__ = [
    "DepartmentDiscretionStandard",
    "Case",
    "CaseParty",
    "Sanction",
    "Transfer",
    "Document",
    "DocumentCounter",
    "Hearing",
    "Exposure",
    "TransferItem",
    "enterprise_scope_q",
    "ServiceConsent",
    "Service",
    "Remedy",
    "Demand",
    "CourtApplication",
    "Deferral",
]


class DishonestyProcedure(DeptScoped):
    """The 严重失信主体名单 listing's whole life (应急管理部令第11号): 告知 and the party's
    陈述申辩, the listing decision (its Sanction), publication for its period, 信用修复 (early
    removal on application after 12 months) or removal at the end of the period."""

    STATUS = [
        ("noticed", "已告知"),
        ("dropped", "不予列入"),
        ("listed", "已列入"),
        ("repaired", "信用修复提前移出"),
        ("expired", "期满移出"),
    ]
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.PROTECT, related_name="dishonesty_procedures"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "状态", max_length=10, choices=STATUS, default="noticed", db_index=True
    )
    concealed = models.BooleanField("瞒报、谎报生产安全事故", default=False)
    multiplied_fine = models.BooleanField("被处以第一百一十四条二至五倍罚款", default=False)
    reason = models.TextField("事由", blank=True)
    grounds = models.TextField("列入情形及依据（法律引擎）")
    noticed_on = models.DateField("告知日期")
    statement_due_on = models.DateField("陈述申辩期限")
    statement = models.TextField("陈述申辩意见", blank=True)
    statement_on = models.DateField("陈述申辩日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("决定意见", blank=True)
    sanction = models.OneToOneField(
        Sanction, null=True, blank=True, on_delete=models.PROTECT, related_name="procedure"
    )
    repair_applied_on = models.DateField("信用修复申请日期", null=True, blank=True)
    repair_note = models.TextField("信用修复情况", blank=True)
    removed_on = models.DateField("移出日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-noticed_on", "-id"]
        verbose_name = "严重失信主体名单程序"

    def __str__(self):
        return f"{self.enterprise} {self.get_status_display()}"

    def get_absolute_url(self):
        return reverse("enforcement:dishonesty_list") + f"#d{self.pk}"


class IssuedPdf(models.Model):
    """Every signed PDF a document ever had (a re-render after the party's signature makes a
    new one): the verification page recognises a downloaded earlier version as superseded."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="issued_pdfs")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "已签章 PDF"

    def __str__(self):
        return f"{self.document_id}: {self.sha256[:12]}"


class CaseFile(DeptScoped):
    """电子卷宗: the case's file as one PDF, archived once (immutable, hash in the audit)."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="casefile")
    department = models.ForeignKey(
        "accounts.Department", on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField("区划代码", max_length=12, db_index=True, editable=False)
    pdf = models.FileField("卷宗 PDF", upload_to="casefiles/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    pages = models.PositiveIntegerField("页数")
    toc = models.JSONField("卷内目录", default=list)
    archived_at = models.DateTimeField("归档时间", auto_now_add=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "电子卷宗"

    def __str__(self):
        return f"电子卷宗 {self.case}"

    def get_absolute_url(self):
        return self.case.get_absolute_url() + "#casefile"


# 查封扣押 and evidence records (issue 16): their own module, part of this app's models
from .measures_models import (  # noqa: E402, F401
    EvidenceFile,
    EvidenceItem,
    EvidenceRecord,
    Seizure,
    SeizureItem,
)
