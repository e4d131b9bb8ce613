from django import forms

from .models import GRADES, KINDS, SOURCES


class AccidentForm(forms.Form):
    enterprise = forms.IntegerField(widget=forms.HiddenInput, required=False)
    enterprise_name = forms.CharField(
        label="事故单位",
        max_length=128,
        help_text="填写企业名录中的企业名称",
        widget=forms.TextInput(attrs={"list": "enterprise-options"}),
    )
    occurred_at = forms.DateTimeField(
        label="发生时间", widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    discovered_via = forms.ChoiceField(label="事故信息来源", choices=SOURCES)
    reported_at = forms.DateTimeField(
        label="单位报告时间",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="超过发生后1小时报告的记为迟报（条例第九条）；事故单位未报告的留空",
    )
    place = forms.CharField(label="事故地点", max_length=200)
    kind = forms.ChoiceField(label="事故类别", choices=[("", "请选择")] + KINDS)
    deaths = forms.IntegerField(label="死亡人数", min_value=0, initial=0)
    serious_injuries = forms.IntegerField(
        label="重伤人数（含急性工业中毒）", min_value=0, initial=0
    )
    direct_loss_yuan = forms.DecimalField(
        label="直接经济损失（元）", min_value=0, initial=0, decimal_places=2
    )
    false_report = forms.BooleanField(label="谎报", required=False)
    summary = forms.CharField(
        label="事故简要经过", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    tips = forms.CharField(label="关联举报编号", required=False, help_text="多个编号用空格分隔")


class InvestigationForm(forms.Form):
    extension_days = forms.IntegerField(label="批准延长天数", min_value=0, max_value=60, initial=0)
    report_on = forms.DateField(
        label="调查报告提交日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    approved_on = forms.DateField(
        label="调查报告批复日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class FourNotsForm(forms.Form):
    done_on = forms.DateField(label="评估完成日期", widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="评估结论", widget=forms.Textarea(attrs={"rows": 3}))


class LookbackForm(forms.Form):
    inspected_on = forms.DateField(label="检查日期", widget=forms.DateInput(attrs={"type": "date"}))


GRADE_CHOICES = GRADES
