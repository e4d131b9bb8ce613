from django import forms

from anjian.accounts.models import Department, Region, User

from .models import CATEGORIES, CHANNELS, RESULTS, STAGES

IDENTITY = [("anonymous", "匿名举报"), ("named", "实名举报（便于核实和兑现奖励）")]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; type and size are checked by services.check_files."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return single(data, initial)


def town_choices(prefix: str = ""):
    qs = Region.objects.filter(level="town")
    if prefix:
        qs = qs.filter(code__startswith=prefix)
    return qs.select_related("parent").order_by("code")


class TownField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} {obj.name}" if obj.parent_id else obj.name


class PublicTipForm(forms.Form):
    category = forms.ChoiceField(label="举报类别", choices=CATEGORIES, widget=forms.RadioSelect)
    enterprise_name = forms.CharField(
        label="被举报单位",
        max_length=128,
        help_text="输入至少2个字可从企业名录中选择；名录中没有的单位请直接填写名称",
        widget=forms.TextInput(attrs={"list": "enterprise-names", "autocomplete": "off"}),
    )
    region = TownField(
        label="所在镇街（园区）",
        queryset=Region.objects.none(),
        required=False,
        help_text="被举报单位不在企业名录中时必填",
        empty_label="请选择",
    )
    place = forms.CharField(label="具体地点", max_length=200, required=False)
    description = forms.CharField(
        label="举报内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="请写明时间、地点、具体问题（至少10个字）",
    )
    photos = MultipleFileField(
        label="照片或材料",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
        help_text="JPG、PNG 图片或 PDF，每个不超过 5 MB，最多 5 个",
    )
    identity = forms.ChoiceField(
        label="举报方式", choices=IDENTITY, initial="anonymous", widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label="姓名", max_length=32, required=False)
    reporter_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    answer = forms.CharField(label="验证题", max_length=8)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = town_choices()

    def clean(self):
        """The tip rules of `services.submit_tip`, checked here too so that every problem is
        shown at once (the service stays the authority)."""
        from . import services

        d = super().clean()
        if "description" in d and len(d["description"].strip()) < 10:
            self.add_error("description", "请具体描述举报事项（至少10个字）")
        name = (d.get("enterprise_name") or "").strip()
        if name and not d.get("region") and services.match_enterprise(name) is None:
            self.add_error("region", "被举报单位不在企业名录中，请选择所在镇街（园区）")
        if d.get("identity") == "named":
            errors: dict = {}
            services.validate_identity(
                False, d.get("reporter_name"), d.get("reporter_phone"), errors
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return d


class StatusForm(forms.Form):
    code = forms.CharField(label="举报编号", max_length=24)
    secret = forms.CharField(
        label="查询密码", max_length=32, widget=forms.PasswordInput(attrs={"autocomplete": "off"})
    )


class HotlineForm(forms.Form):
    channel = forms.ChoiceField(label="举报渠道", choices=[c for c in CHANNELS if c[0] != "web"])
    received_at = forms.DateTimeField(
        label="接报时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="留空为当前时间",
    )
    category = forms.ChoiceField(label="举报类别", choices=CATEGORIES)
    enterprise_name = forms.CharField(label="被举报单位", max_length=128)
    region = TownField(label="所在镇街（园区）", queryset=Region.objects.none(), required=False)
    place = forms.CharField(label="具体地点", max_length=200, required=False)
    description = forms.CharField(label="举报内容", widget=forms.Textarea(attrs={"rows": 5}))
    identity = forms.ChoiceField(
        label="举报方式", choices=IDENTITY, initial="anonymous", widget=forms.RadioSelect
    )
    reporter_name = forms.CharField(label="举报人姓名", max_length=32, required=False)
    reporter_phone = forms.CharField(label="举报人电话", max_length=20, required=False)
    photos = MultipleFileField(
        label="材料", required=False, widget=MultipleFileInput(), help_text="JPG、PNG 或 PDF"
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = (
            user.department.region if user and user.department_id else getattr(user, "region", None)
        )
        self.fields["region"].queryset = town_choices(own.prefix if own else "")


class TriageForm(forms.Form):
    decision = forms.ChoiceField(
        label="受理意见", choices=[("accept", "受理"), ("reject", "不予受理")]
    )
    category = forms.ChoiceField(label="举报类别", choices=CATEGORIES)
    enterprise = forms.IntegerField(label="关联企业名录（企业ID）", required=False)
    reason = forms.CharField(label="不予受理理由（告知举报人）", max_length=200, required=False)
    note = forms.CharField(
        label="内部意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办部门", queryset=Department.objects.none())
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none(), required=False)
    note = forms.CharField(label="分办意见", max_length=180, required=False)


class HandlerForm(forms.Form):
    handler = forms.ModelChoiceField(label="承办人", queryset=User.objects.none())


class VerifyForm(forms.Form):
    inspectors = forms.ModelMultipleChoiceField(
        label="核查人员（至少两名持证执法人员）",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    inspected_on = forms.DateField(label="核查日期", widget=forms.DateInput(attrs={"type": "date"}))


class ResultForm(forms.Form):
    result = forms.ChoiceField(label="核查结果", choices=RESULTS, widget=forms.RadioSelect)
    public_reply = forms.CharField(
        label="答复举报人", widget=forms.Textarea(attrs={"rows": 3}), help_text="举报人可以看到"
    )
    internal_note = forms.CharField(
        label="内部核查意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="仅内部可见，举报人看不到",
    )
    fine_yuan = forms.IntegerField(label="罚款金额（元）", min_value=0, initial=0, required=False)
    concealed_deaths = forms.IntegerField(
        label="查实瞒报死亡人数", min_value=0, required=False, help_text="瞒报谎报事故类举报填写"
    )
    accident_grade = forms.ChoiceField(
        label="瞒报事故等级",
        required=False,
        choices=[("", "按关联事故"), ("一般", "一般事故"), ("较大", "较大事故"),
                 ("重大", "重大事故"), ("特别重大", "特别重大事故")],
    )  # fmt: skip


class RewardForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批意见", choices=[("approve", "批准"), ("deny", "不予奖励")]
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class PayoutForm(forms.Form):
    paid_on = forms.DateField(label="发放日期", widget=forms.DateInput(attrs={"type": "date"}))
    payout_ref = forms.CharField(label="发放凭证号", max_length=64)


class MergeForm(forms.Form):
    master = forms.CharField(label="主举报编号", max_length=24)
    note = forms.CharField(label="合并说明", max_length=180, required=False)


class DeadlineForm(forms.Form):
    stage = forms.ChoiceField(label="办理环节", choices=STAGES)
    days = forms.IntegerField(label="办理时限（日）", min_value=1, max_value=365)


class PolicyForm(forms.Form):
    repeat_threshold = forms.IntegerField(label="被举报次数达到", min_value=2, max_value=20)
    repeat_window_days = forms.IntegerField(label="统计期间（日）", min_value=30, max_value=1095)
