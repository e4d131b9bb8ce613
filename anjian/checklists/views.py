from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from anjian.core.scoping import get_scoped_or_404
from anjian.core.services import ConflictError

from . import services
from .forms import ItemForm, TemplateEditForm, TemplateForm
from .models import ChecklistItem, ChecklistTemplate


def _apply_errors(form, exc: ValidationError):
    for field, errs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errs)


def _flash(request, exc: ValidationError):
    messages.error(request, "；".join(sum(exc.message_dict.values(), [])))


@login_required
def template_list(request):
    qs = (
        ChecklistTemplate.objects.restrict(request.user)
        .select_related("department")
        .prefetch_related("sectors")
        .order_by("code", "-version")
    )
    groups = []
    for _code, versions in groupby(qs, key=lambda t: t.code):
        versions = list(versions)
        groups.append({"current": versions[0], "older": versions[1:]})
    return render(
        request,
        "checklists/list.html",
        {"groups": groups, "can_create": services.can_edit(request.user)},
    )


@login_required
def template_create(request):
    if not services.can_edit(request.user):
        raise PermissionDenied
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tpl = services.create_template(request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已创建检查表草稿，请添加检查项。")
            return redirect("checklists:detail", pk=tpl.pk)
    return render(request, "checklists/form.html", {"form": form, "title": "新建检查表"})


@login_required
def template_edit(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "change", pk=pk)
    initial = {
        "title": tpl.title,
        "source": tpl.source,
        "sectors": list(tpl.sectors.all()),
        "revision": tpl.revision,
    }
    form = TemplateEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        rev = data.pop("revision")
        try:
            services.update_template(request.user, tpl, expected_revision=rev, **data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("checklists:detail", pk=tpl.pk)
    return render(
        request, "checklists/form.html", {"form": form, "title": f"编辑：{tpl}", "tpl": tpl}
    )


@login_required
def template_detail(request, pk):
    tpl = get_scoped_or_404(
        ChecklistTemplate.objects.select_related("department", "based_on", "published_by"),
        request.user,
        "view",
        pk=pk,
    )
    can_edit = services.can_edit(request.user, tpl)
    versions = ChecklistTemplate.objects.restrict(request.user).filter(code=tpl.code)
    return render(
        request,
        "checklists/detail.html",
        {
            "tpl": tpl,
            "items": tpl.items.order_by("row"),
            "can_edit": can_edit,
            "editable": can_edit and tpl.is_draft,
            "versions": versions.order_by("-version"),
            "item_form": ItemForm(initial={"revision": tpl.revision}),
        },
    )


def _print_groups(items):
    """Rows grouped by 检查对象 (a merged cell in the seed layout)."""
    out = []
    for subject, rows in groupby(items, key=lambda i: i.subject):
        rows = list(rows)
        # Identical non-empty 法律责任/备注 in consecutive rows are one merged cell, as in the seed.
        for field in ("liability", "remark"):
            i = 0
            while i < len(rows):
                j = i + 1
                value = getattr(rows[i], field)
                while value and j < len(rows) and getattr(rows[j], field) == value:
                    setattr(rows[j], f"{field}_span", 0)
                    j += 1
                setattr(rows[i], f"{field}_span", j - i)
                i = j
        out.append({"subject": subject, "rows": rows})
    return out


@login_required
def template_print(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "view", pk=pk)
    return render(
        request,
        "checklists/print.html",
        {"tpl": tpl, "groups": _print_groups(tpl.items.order_by("row"))},
    )


@login_required
@require_POST
def template_publish(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "change", pk=pk)
    try:
        services.publish(request.user, tpl, expected_revision=request.POST.get("revision"))
        messages.success(request, f"已发布第{tpl.version}版。")
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("checklists:detail", pk=tpl.pk)


@login_required
@require_POST
def template_revise(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "view", pk=pk)
    new = services.begin_revision(request.user, tpl)
    messages.success(request, f"已生成第{new.version}版草稿（复制了第{tpl.version}版的检查项）。")
    return redirect("checklists:detail", pk=new.pk)


@login_required
@require_POST
def template_discard(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "change", pk=pk)
    try:
        services.discard_draft(request.user, tpl, expected_revision=request.POST.get("revision"))
    except (ValidationError, ConflictError) as exc:
        _flash(request, exc) if isinstance(exc, ValidationError) else messages.error(
            request, str(exc)
        )
        return redirect("checklists:detail", pk=tpl.pk)
    messages.success(request, "草稿已删除。")
    return redirect("checklists:list")


def _item_data(form):
    data = dict(form.cleaned_data)
    return data.pop("revision"), data


@login_required
def item_create(request, pk):
    tpl = get_scoped_or_404(ChecklistTemplate, request.user, "change", pk=pk)
    form = ItemForm(request.POST or None, initial={"revision": tpl.revision})
    if request.method == "POST" and form.is_valid():
        rev, data = _item_data(form)
        try:
            services.add_item(request.user, tpl, expected_revision=rev, **data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已添加检查项。")
            return redirect("checklists:detail", pk=tpl.pk)
    return render(
        request, "checklists/form.html", {"form": form, "title": f"添加检查项：{tpl}", "tpl": tpl}
    )


def _scoped_item(request, pk):
    item = ChecklistItem.objects.select_related("template").filter(pk=pk).first()
    if item is None:
        raise Http404("未找到或无权访问")
    get_scoped_or_404(ChecklistTemplate, request.user, "change", pk=item.template_id)
    return item


@login_required
def item_edit(request, pk):
    item = _scoped_item(request, pk)
    tpl = item.template
    form = ItemForm(request.POST or None, instance=item, initial={"revision": tpl.revision})
    if request.method == "POST" and form.is_valid():
        rev, data = _item_data(form)
        item.refresh_from_db()  # the ModelForm wrote into the instance; the service writes
        try:
            services.update_item(request.user, item, expected_revision=rev, **data)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "已保存检查项。")
            return redirect("checklists:detail", pk=tpl.pk)
    return render(
        request,
        "checklists/form.html",
        {"form": form, "title": f"编辑检查项：{item.subject} {item.seq}", "tpl": tpl},
    )


@login_required
@require_POST
def item_move(request, pk):
    item = _scoped_item(request, pk)
    try:
        services.move_item(
            request.user,
            item,
            request.POST.get("direction", ""),
            expected_revision=request.POST.get("revision"),
        )
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect(f"/checklists/{item.template_id}/#item-{item.pk}")


@login_required
@require_POST
def item_delete(request, pk):
    item = _scoped_item(request, pk)
    try:
        services.delete_item(request.user, item, expected_revision=request.POST.get("revision"))
        messages.success(request, "已删除检查项。")
    except ConflictError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        _flash(request, exc)
    return redirect("checklists:detail", pk=item.template_id)
