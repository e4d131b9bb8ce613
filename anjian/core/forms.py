"""Form helpers every app uses: one way to put a service's errors on a form or into a message,
and form fields whose limits come from the model field they feed."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """The errors of a service's ValidationError by field ("__all__" for the record)."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"__all__": list(exc.messages)}


def apply_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form: on the field they name, else on the form itself.

    A field the form does not show keeps its name in the message, so nothing is lost."""
    for field, messages in error_dict(exc).items():
        if field in form.fields:
            form.add_error(field, messages)
        elif field in ("__all__", None):
            form.add_error(None, messages)
        else:
            form.add_error(None, [f"{field}：{m}" for m in messages])


def on_record(form, exc: ValidationError) -> ValidationError:
    """The service's errors with those about fields the form does not show (a record's
    `status`, a submission's missing parts) made errors of the record, for pages whose services
    word each such message on its own (see core.views.RecordErrorsMixin)."""
    errors: dict[str, list[str]] = {}
    for field, messages in error_dict(exc).items():
        errors.setdefault(field if field in form.fields else "__all__", []).extend(messages)
    return ValidationError(errors)


def _label(form, name) -> str:
    field = form.fields.get(name) if form is not None else None
    return str(field.label or name) if field is not None else name


def error_text(exc_or_form, form=None) -> str:
    """One line for a message: each error with the label of the field it concerns."""
    if isinstance(exc_or_form, forms.BaseForm):
        form = exc_or_form
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    elif isinstance(exc_or_form, ValidationError):
        errors = error_dict(exc_or_form)
    else:
        return str(exc_or_form)
    parts = []
    for name, messages in errors.items():
        text = "，".join(messages)
        parts.append(text if name in ("__all__", None) else f"{_label(form, name)}：{text}")
    return "；".join(parts)


class ServiceModelForm(forms.ModelForm):
    """A ModelForm that parses input by the model's fields (types, lengths, choices, ranges)
    and leaves the rules to the service it feeds, so a record is validated in one place.

    It carries the hidden `version` the user read (optimistic locking) and the acting user."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "version"):
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            bound_by_model(self._meta.model, name, field)

    def _post_clean(self):
        """No model validation here: the service runs it (and its own rules) on save."""

    def validate_unique(self):
        """Uniqueness is the service's, with a message that says what is duplicated."""


class VersionForm(forms.Form):
    """A transition that takes nothing but the version the user read (optimistic locking)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


def model_field(model, name: str, **overrides) -> forms.Field:
    """The form field a model field makes (max_length, max_digits, choices, required), with
    overrides; plain forms that feed a service use it so that no accepted value can fail in
    the database."""
    field = model._meta.get_field(name).formfield(**overrides)
    if field is None:  # pragma: no cover - a field that makes no form field
        raise ValueError(f"{model.__name__}.{name} has no form field")
    return bound_by_model(model, name, field)


def bound_by_model(model, name: str, field):
    """An integer form field gets the range its model column holds (a PositiveIntegerField's
    form field has no maximum of its own: 2**31 would pass the form and fail the database)."""
    from django.core.exceptions import FieldDoesNotExist
    from django.core.validators import MaxValueValidator, MinValueValidator

    if not isinstance(field, forms.IntegerField):
        return field
    try:
        model_field_ = model._meta.get_field(name)
    except FieldDoesNotExist:
        return field
    for v in getattr(model_field_, "validators", ()):
        if isinstance(v, (MinValueValidator, MaxValueValidator)) and v not in field.validators:
            field.validators.append(v)
    return field


class MonthField(forms.Field):
    """A month typed as YYYY-MM (an `<input type="month">`), cleaned to its first day."""

    default_error_messages = {"invalid": gettext_lazy("月份格式应为 YYYY-MM，如 2023-05")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"type": "month"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        import re
        from datetime import date

        value = str(value or "").strip()[:16]
        if value in self.empty_values:
            return None
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
        if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1900:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(m.group(1)), int(m.group(2)), 1)

    def prepare_value(self, value):
        return value.strftime("%Y-%m") if hasattr(value, "strftime") else value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (photos of a finding, attachments): a list of files; the
    service checks their kind, size and number."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class SearchSelect(forms.Select):
    """One record out of many, searched as the user types (static anjian/app.js).

    The field's queryset is the user's scope and `lookup` names a registered `core.lookups`
    entry that the page asks for matches (by name, number or code); the chosen record's id is
    what the form posts. Without script the text typed is resolved on the server through the
    same lookup over the same scoped queryset: one match is taken, none or several is the
    field's ordinary "invalid choice" error."""

    template_name = "core/widgets/search_select.html"

    def __init__(self, lookup: str, attrs=None, placeholder=None):
        self.lookup = lookup
        self.placeholder = placeholder or gettext_lazy("输入名称、编号或代码搜索")
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        ctx = super().get_context(name, value, attrs)
        w = ctx["widget"]
        w["lookup_url"] = reverse("core:lookup", args=[self.lookup])
        w["placeholder"] = self.placeholder
        w["selected_label"] = next(
            (o["label"] for _g, opts, _i in w["optgroups"] for o in opts if o["selected"]), ""
        )
        return ctx

    def optgroups(self, name, value, attrs=None):
        """Only the selected option: the choices may be a county's 200,000 enterprises."""
        values = [str(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
        values = [v for v in values if v.isdigit()]
        qs = getattr(self.choices, "queryset", None)
        if qs is None:
            return super().optgroups(name, value, attrs)
        if not values:
            return []
        field = self.choices.field
        chosen = [
            self.create_option(name, str(obj.pk), field.label_from_instance(obj), True, i)
            for i, obj in enumerate(qs.filter(pk__in=values))
        ]
        return [(None, chosen, 0)]

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        typed = (data.get(f"{name}__q") or "").strip()
        if value or not typed:
            return value
        from .lookups import LOOKUPS

        lookup, qs = LOOKUPS.get(self.lookup), getattr(self.choices, "queryset", None)
        if lookup is None or qs is None:
            return value
        found = lookup.matches(qs, typed, limit=2)
        return str(found[0].pk) if len(found) == 1 else typed


class SearchSelectMultiple(forms.SelectMultiple):
    """Several records out of many: chips and a type-ahead box (static anjian/app.js).

    Without script it is a plain `<select multiple>` of the field's queryset (the user's
    scope, as the form narrowed it). With script the select is hidden and replaced by the
    chosen records as chips (each with a remove button) and a text box that asks the
    registered `core.lookups` entry `lookup` for matches, in the same scope as the single
    `SearchSelect`; only records the field itself offers are proposed, so the page never
    posts a choice the form would refuse. Keyboard: arrows move in the list, Enter picks,
    Backspace in the empty box removes the last chip, Escape closes the list.

    A queryset longer than `max_options` (a county's cases, enterprises) is not sent whole:
    the select carries the chosen records only, the script adds the picked ones, and a page
    without script gets a text box (one name, number or code per line) resolved on the
    server through the same lookup; no or several matches is the field's "invalid choice"."""

    template_name = "core/widgets/search_select_multiple.html"
    max_options = 500

    def __init__(self, lookup: str, attrs=None, placeholder=None, max_options=None):
        self.lookup = lookup
        self.placeholder = placeholder or gettext_lazy("输入姓名、编号或代码搜索，可选多个")
        if max_options is not None:
            self.max_options = max_options
        super().__init__(attrs)

    def _partial(self) -> bool:
        qs = getattr(self.choices, "queryset", None)
        if qs is None:
            return False
        if not hasattr(self, "_partial_cache"):
            self._partial_cache = qs[: self.max_options + 1].count() > self.max_options
        return self._partial_cache

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        ctx = super().get_context(name, value, attrs)
        w = ctx["widget"]
        w["lookup_url"] = reverse("core:lookup", args=[self.lookup])
        w["placeholder"] = self.placeholder
        w["partial"] = self._partial()
        return ctx

    def optgroups(self, name, value, attrs=None):
        if not self._partial():
            return super().optgroups(name, value, attrs)
        values = [str(v) for v in value or [] if str(v).isdigit()]
        if not values:
            return []
        field = self.choices.field
        qs = self.choices.queryset.filter(pk__in=values)
        chosen = [
            self.create_option(name, str(o.pk), field.label_from_instance(o), True, i)
            for i, o in enumerate(qs)
        ]
        return [(None, chosen, 0)]

    def value_from_datadict(self, data, files, name):
        values = list(super().value_from_datadict(data, files, name) or [])
        typed = [t.strip() for t in (data.get(f"{name}__q") or "").splitlines() if t.strip()]
        if not typed:
            return values
        from .lookups import LOOKUPS

        lookup, qs = LOOKUPS.get(self.lookup), getattr(self.choices, "queryset", None)
        for text in typed[:50]:
            found = lookup.matches(qs, text, limit=2) if lookup and qs is not None else []
            values.append(str(found[0].pk) if len(found) == 1 else text)
        return values


class XlsxUploadForm(forms.Form):
    """The upload of an all-or-nothing Excel import: a .xlsx file of at most 20 MB (its
    content is read by openpyxl, which refuses anything that is no workbook)."""

    file = forms.FileField(label=gettext_lazy("Excel 文件（.xlsx）"))
    max_bytes = 20 * 1024 * 1024

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("请上传 .xlsx 格式的文件"))
        if f.size > self.max_bytes:
            raise forms.ValidationError(_("文件不能超过 20 MB"))
        return f
