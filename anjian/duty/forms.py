from django import forms
from django.db.models import Q

from anjian.accounts.models import Department, Role, User

from .models import DutyActivity, ResponsiblePerson


class ResponsibleForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label="姓名", max_length=32)
    position = forms.CharField(label="单位及职务", max_length=100)
    phone = forms.CharField(label="联系电话", max_length=20)
    user = forms.ModelChoiceField(User.objects.none(), label="系统账号", required=False)
    department = forms.ModelChoiceField(Department.objects.none(), label="行业部门", required=False)

    def __init__(self, *args, kind="enterprise", ent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == "enterprise":
            del self.fields["user"]
            del self.fields["department"]
            return
        prefix = ent.region_id[:6] if ent else "-"
        users = User.objects.filter(is_active=True).filter(
            Q(department__region__code__startswith=prefix) | Q(region__code__startswith=prefix)
        )
        roles = [Role.TOWN, Role.AWB] if kind == "admin" else [Role.INSPECTOR, Role.DEPT_LEADER]
        self.fields["user"].queryset = users.filter(role__in=roles).order_by("username")
        self.fields["user"].required = True
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.display_name}（{u.department.short_name if u.department_id else (u.region.name if u.region_id else '')}）"
        )
        if kind == "industry":
            self.fields["department"].queryset = Department.objects.filter(
                region__code__startswith=prefix
            )
        else:
            del self.fields["department"]


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label="履职类型", choices=DutyActivity.KINDS)
    enterprise = forms.ModelChoiceField(None, label="挂牌企业")
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label="情况说明", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, official=None, **kwargs):
        super().__init__(*args, **kwargs)
        from anjian.registry.models import Enterprise

        ids = ResponsiblePerson.objects.filter(
            user=official, kind__in=ResponsiblePerson.OFFICIAL_KINDS
        ).values("enterprise_id")
        self.fields["enterprise"].queryset = Enterprise.objects.filter(pk__in=ids)


class RiskCardForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    main_risks = forms.CharField(
        label="主要安全风险", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一项"
    )
    key_controls = forms.CharField(
        label="关键管控措施", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一项"
    )
    emergency_measures = forms.CharField(
        label="应急处置措施", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一项"
    )
    contacts = forms.CharField(
        label="应急联系方式",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一项：联系人类别 姓名 电话，如：安全管理员 王五 13800000000；火警 119",
    )

    def clean_contacts(self):
        out = []
        for line in self.cleaned_data["contacts"].splitlines():
            parts = line.replace("，", " ").replace(",", " ").split()
            if not parts:
                continue
            if len(parts) == 2:
                out.append({"role": parts[0], "name": "", "phone": parts[1]})
            elif len(parts) >= 3:
                out.append({"role": parts[0], "name": " ".join(parts[1:-1]), "phone": parts[-1]})
            else:
                raise forms.ValidationError(f"“{line.strip()}”缺少联系电话")
        return out

    @staticmethod
    def contacts_text(contacts) -> str:
        return "\n".join(
            " ".join(x for x in (c.get("role", ""), c.get("name", ""), c.get("phone", "")) if x)
            for c in contacts
        )
