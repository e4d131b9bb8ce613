"""The offline inspection app's pages (issue 18): the app shell, its service worker and its web
app manifest.

The shell is one page whose content the script builds from what the phone stored (IndexedDB),
so none of the generic views applies: it holds no record of its own. The service worker is a
static file (`static/inspections/offline/sw.js`) served from `/inspections/offline/sw.js` so
that its scope is the offline pages; this view prepends the URLs (and content hashes) of the
files it precaches.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from anjian.accounts.models import Role

BASE = "inspections/offline/"
WORKBOX = [
    BASE + "vendor/workbox/workbox-core.prod.js",
    BASE + "vendor/workbox/workbox-routing.prod.js",
    BASE + "vendor/workbox/workbox-strategies.prod.js",
    BASE + "vendor/workbox/workbox-precaching.prod.js",
]
# What the shell loads: precached, so the page works with no signal.
PRECACHE = [
    "anjian/app.css",
    "anjian/app.js",
    "inspections/inspections.css",
    BASE + "offline.css",
    BASE + "offline.js",
    BASE + "vendor/idb/idb.umd.js",
    BASE + "vendor/workbox-window/workbox-window.prod.umd.js",
    BASE + "icon-192.png",
    BASE + "icon-512.png",
]


def _read_static(path: str) -> bytes:
    found = finders.find(path)
    if found:
        with open(found, "rb") as f:
            return f.read()
    with staticfiles_storage.open(path) as f:
        return f.read()


def _revision(path: str) -> str:
    return hashlib.sha256(_read_static(path)).hexdigest()[:16]


def strings() -> dict:
    """What the script shows, in the user's language (the script holds no text of its own)."""
    return {
        "state_waiting": _("等待同步"),
        "state_conflict": _("冲突：请决定"),
        "state_error": _("同步被拒绝"),
        "sync_failed": _("同步失败，记录仍保存在本机"),
        "login_again": _("登录已过期：请重新登录后同步（记录仍保存在本机）"),
        "no_signal": _("没有网络，无法下载；已下载的任务仍可使用"),
        "item": _("检查项"),
        "mine": _("本机"),
        "server": _("服务器"),
        "findings": _("发现问题"),
        "keep_mine": _("保留本机记录，在服务器新版本上提交"),
        "take_server": _("放弃本机记录，以服务器为准"),
        "conflict": _("冲突"),
        "conflict_hint": _(
            "本机记录不会被自动覆盖，也不会自动覆盖服务器（第%(n)s版）：请核对后选择。"
        ),
        "confirm_drop": _("确定放弃本机采集的这条记录吗？此操作不能撤销。"),
        "downloaded_at": _("已下载：%(at)s"),
        "not_downloaded": _("尚未下载今日任务"),
        "no_work": _("今日没有待办的检查任务"),
        "synced": _("已同步"),
        "waiting": _("待同步"),
        "saved_here": _("已保存在本机"),
        "to_do": _("待检查"),
        "finding_text": _("%(item)s：%(content)s——不符合"),
        "back": _("返回任务列表"),
        "employees": _("从业人员"),
        "team": _("检查组"),
        "open_hazards": _("未销号隐患 %(n)s 项"),
        "no_checklist": _("本检查未关联检查表，不能按检查表提交"),
        "all_ok": _("全部符合"),
        "ok": _("符合"),
        "fail": _("不符合"),
        "na": _("不涉及"),
        "answered": _("已填 %(n)s / %(total)s 项"),
        "other_finding": _("其他问题"),
        "summary": _("检查情况"),
        "signatures": _("签名"),
        "me": _("本人"),
        "password_of": _("本人登录密码："),
        "enterprise_rep": _("被检查单位现场负责人"),
        "rep_name": _("姓名"),
        "id_number": _("身份证号"),
        "finish": _("完成并提交（联网后自动同步）"),
        "choose_disposal": _("请选择执法处置意见"),
        "choose_department": _("请选择接收部门"),
        "transfer_to": _("移交部门"),
        "finding_needs_department": _("发现问题第%(n)s项：移交其他部门须选择接收部门"),
        "general": _("一般"),
        "major": _("重大"),
        "choose_criterion": _("判定标准条款（重大隐患）"),
        "photo": _("现场照片"),
        "description": _("问题描述"),
        "basis": _("检查依据"),
        "violation_code": _("违法行为代码"),
        "disposal": _("执法处置意见"),
        "level": _("隐患等级"),
        "criterion": _("判定标准条款"),
        "deadline": _("整改期限"),
        "responsible": _("整改责任人"),
        "measures": _("整改措施"),
        "sign_here": _("在此手写签名"),
        "signed": _("已签名"),
        "clear": _("重签"),
        "items_left": _("检查表还有 %(n)s 项未填写结果"),
        "finding_needs_text": _("发现问题第%(n)s项须填写问题描述"),
        "finding_needs_deadline": _("发现问题第%(n)s项：责令限期整改须填写整改期限"),
        "not_signed": _("执法人员%(name)s尚未签名"),
        "needs_password": _("%(name)s须输入本人登录密码确认签名"),
        "rep_not_signed": _("被检查单位现场负责人尚未签名"),
        "rep_needs_id": _("请填写现场负责人姓名和18位身份证号"),
    }


def _field_staff(user) -> bool:
    return user.is_superuser or user.role in (Role.INSPECTOR, Role.DEPT_LEADER, Role.EXPERT)


@login_required
@require_GET
def shell(request):
    if not _field_staff(request.user):
        raise PermissionDenied(_("离线检查供检查组成员使用"))
    config = {
        "day": "/api/offline/day",
        "sync": "/api/offline/sync",
        "sw": reverse("inspections:offline_sw"),
        "scope": reverse("inspections:offline"),
        "user": request.user.pk,
        "detail": reverse("inspections:detail", args=[0]),
    }
    return render(request, "inspections/offline.html", {"config": config, "strings": strings()})


@require_GET
def service_worker(request):
    precache = [{"url": static(p), "revision": _revision(p)} for p in PRECACHE]
    head = (
        "self.ANJIAN = "
        + json.dumps(
            {
                "workbox": [static(p) for p in WORKBOX],
                "precache": precache,
                "page": reverse("inspections:offline"),
            }
        )
        + ";\n"
    )
    body = head.encode() + _read_static(BASE + "sw.js")
    resp = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    resp["Cache-Control"] = "no-cache"
    resp["Service-Worker-Allowed"] = reverse("inspections:offline")
    return resp


@require_GET
def manifest(request):
    scope = reverse("inspections:offline")
    data = {
        "name": _("安监 · 离线执法检查"),
        "short_name": _("离线检查"),
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1f4e79",
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static(BASE + "icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static(BASE + "icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )
