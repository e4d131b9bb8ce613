"""I3: team rules, per-item results, findings, signatures, submission lock, amendments, scope."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from anjian.accounts import signatures
from anjian.accounts.models import Signature
from anjian.audit.models import AuditEntry
from anjian.core.scoping import get_scoped_or_404
from anjian.hazards.models import Hazard
from anjian.inspections import services
from anjian.inspections.models import Inspection
from anjian.testing import ID_NUMBER

from .conftest import png_bytes, png_data_url


def new_inspection(w, **kw):
    args = dict(
        enterprise=w.general[0],
        inspected_on=date.today(),
        inspectors=[w.inspector, w.inspector2],
        modes=["sbll"],
        campaign=w.campaign,
    )
    args.update(kw)
    return services.create_inspection(w.inspector, **args)


def fill_and_sign(w, insp):
    services.record_results(w.inspector, insp, {i.pk: "ok" for i in w.items})
    services.sign(w.inspector, insp, role="inspector", png=png_data_url())
    services.sign(
        w.inspector,
        insp,
        role="inspector",
        png=png_data_url(),
        signer=w.inspector2,
        password="Test@Passw0rd!",
    )
    services.sign(
        w.inspector, insp, role="enterprise", png=png_data_url(), name="王厂长", id_number=ID_NUMBER
    )
    insp.refresh_from_db()
    return insp


def test_team_of_one_inspector_is_refused(iw):
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw, inspectors=[iw.inspector])
    assert "检查组至少需要两名持有效执法证的执法人员" in exc.value.message_dict["team"][0]
    assert not Inspection.objects.exists()


def test_expired_certificate_is_refused_naming_the_inspector(iw):
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw, inspectors=[iw.inspector, iw.expired])
    msgs = " ".join(exc.value.message_dict["team"])
    assert "执法人员yjj_old的执法证已于" in msgs and "过期" in msgs
    # A certificate valid today but expired on the inspection date is refused as well.
    iw.inspector2.cert_expiry = date.today() + timedelta(days=3)
    iw.inspector2.save()
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw, inspected_on=date.today() + timedelta(days=5))
    assert "执法人员yjj2的执法证已于" in " ".join(exc.value.message_dict["team"])


def test_inspector_without_certificate_or_of_other_department_refused(iw):
    iw.inspector2.cert_no = ""
    iw.inspector2.save()
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw)
    assert "执法人员yjj2未登记执法证" in " ".join(exc.value.message_dict["team"])
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw, inspectors=[iw.inspector, iw.builder])
    assert "执法人员zjw1不属于牵头或联合检查部门" in " ".join(exc.value.message_dict["team"])


def test_joint_inspection_with_two_departments(iw):
    insp = new_inspection(
        iw, inspectors=[iw.inspector, iw.builder], joint_departments=[iw.zjw], modes=["sbll"]
    )
    assert "joint" in insp.modes
    # The joint department sees it; a third department does not.
    assert Inspection.objects.restrict(iw.builder).filter(pk=insp.pk).exists()


def test_cross_town_team_cannot_inspect_own_town(iw):
    with pytest.raises(ValidationError) as exc:
        new_inspection(iw, modes=["cross_town"], inspecting_town=iw.baima)
    assert "不能检查本镇街的企业" in exc.value.message_dict["inspecting_town"][0]
    insp = new_inspection(iw, modes=["cross_town"], inspecting_town=iw.rougang)
    assert insp.inspecting_town == iw.rougang


def test_results_findings_signatures_submit_make_hazards(iw):
    insp = new_inspection(iw, experts=[iw.expert])
    assert insp.checklist == iw.template  # the campaign's checklist
    photo = SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png")
    f = services.add_finding(
        iw.inspector,
        insp,
        description="配电箱未接地",
        location="车间",
        hazard_level="major",
        checklist_item=iw.items[0],
        photos=[photo],
    )
    v = services.add_finding(
        iw.inspector,
        insp,
        kind="violation",
        description="未按规定设置安全生产管理机构",
        violation_code="spl-97-2",
    )
    services.record_five_one(
        iw.inspector, insp, kind="ability_test", participants="主要负责人", score=85
    )
    insp = fill_and_sign(iw, insp)
    with pytest.raises(PermissionDenied):  # an expert may record but not submit
        services.submit(iw.expert, insp)
    insp = services.submit(iw.inspector, insp)
    assert insp.status == "submitted" and len(insp.content_digest) == 64
    f.refresh_from_db()
    v.refresh_from_db()
    assert f.hazard.source == "inspection" and f.hazard.level == "major"
    assert f.hazard.evidence.count() == 1
    assert v.hazard is None and v.violation_code == "SPL-97-2"
    assert Hazard.objects.filter(enterprise=iw.general[0], source="inspection").count() == 1
    assert AuditEntry.objects.filter(action="inspection.submit", object_id=str(insp.pk)).exists()


def test_finding_deadline_before_the_inspection_or_today_is_refused_when_added(iw):
    insp = new_inspection(iw)
    with pytest.raises(ValidationError) as exc:
        services.add_finding(
            iw.inspector,
            insp,
            description="消防通道堵塞",
            deadline=date.today() - timedelta(days=1),
        )
    assert exc.value.message_dict["deadline"] == [
        f"整改期限不能早于检查日期（{date.today():%Y-%m-%d}）"
    ]
    ok = services.add_finding(iw.inspector, insp, description="消防通道堵塞", deadline=date.today())
    assert ok.deadline == date.today()


def test_submit_names_the_finding_whose_deadline_has_passed(iw):
    insp = new_inspection(iw, inspected_on=date.today() - timedelta(days=3))
    f = services.add_finding(
        iw.inspector, insp, description="配电箱未接地", deadline=date.today() + timedelta(days=1)
    )
    type(f).objects.filter(pk=f.pk).update(deadline=date.today() - timedelta(days=1))
    msgs = services.missing_for_submit(insp)
    assert any(m.startswith("发现问题第1项“配电箱未接地”：整改期限不能早于今天") for m in msgs)


def test_submit_requires_every_signature_and_all_items(iw):
    insp = new_inspection(iw)
    services.record_results(iw.inspector, insp, {iw.items[0].pk: "ok"})
    services.sign(iw.inspector, insp, role="inspector", png=png_data_url())
    with pytest.raises(ValidationError) as exc:
        services.submit(iw.inspector, insp)
    msgs = exc.value.message_dict["submit"]
    assert "检查表还有 2 项未填写结果" in msgs
    assert "执法人员yjj2尚未签名" in msgs
    assert "被检查单位现场负责人尚未签名" in msgs
    assert Inspection.objects.get(pk=insp.pk).status == "draft"


def test_editing_after_signing_voids_signatures(iw):
    insp = fill_and_sign(iw, new_inspection(iw))
    assert insp.signatures.count() == 3
    services.update_inspection(iw.inspector, insp, summary="补充检查情况")
    assert insp.signatures.count() == 0


def test_co_inspector_signature_needs_his_password(iw):
    insp = new_inspection(iw)
    with pytest.raises(ValidationError) as exc:
        services.sign(
            iw.inspector,
            insp,
            role="inspector",
            png=png_data_url(),
            signer=iw.inspector2,
            password="wrong",
        )
    assert "请由yjj2本人输入登录密码确认签名" in exc.value.message_dict["password"][0]
    with pytest.raises(ValidationError) as exc:
        services.sign(iw.inspector, insp, role="inspector", png="data:image/png;base64,AAAA")
    assert "签名须为 PNG 图像" in exc.value.message_dict["signature"][0]


def test_the_representative_signs_for_himself_never_by_a_typed_name(iw):
    """谁检查、谁签名、谁负责 (seed 003): the party signs by hand with name and 身份证号."""
    insp = new_inspection(iw)
    sign = lambda **kw: services.sign(iw.inspector, insp, role="enterprise", **kw)  # noqa: E731
    with pytest.raises(ValidationError) as exc:
        sign(png=None, name="王厂长")
    assert "仅填写姓名不是签名" in exc.value.message_dict["signature"][0]
    with pytest.raises(ValidationError) as exc:
        sign(png=png_data_url(), name="王厂长", id_number="110105194912310021")
    assert "校验码" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        sign(png=png_data_url(), name="", id_number=ID_NUMBER)
    assert "name" in exc.value.message_dict
    assert not insp.signatures.exists()
    s = sign(png=png_data_url(), name="王厂长", id_number=ID_NUMBER)
    assert (s.method, s.id_number, s.organisation) == ("device", ID_NUMBER, insp.enterprise.name)
    assert s.content_sha256 == signatures.content_hash(services.signed_content(insp))
    # an officer's account is not the party's
    with pytest.raises(ValidationError) as exc:
        sign(png=png_data_url(), signer=iw.inspector2, password="Test@Passw0rd!")
    assert "signer" in exc.value.message_dict


def test_the_party_signs_with_its_own_account_and_password(iw):
    from anjian.accounts.models import Role
    from anjian.conftest import make_user

    insp = new_inspection(iw)
    boss = make_user("boss", Role.ENTERPRISE, enterprise=insp.enterprise)
    with pytest.raises(ValidationError) as exc:
        services.sign(iw.inspector, insp, role="enterprise", png=png_data_url(), signer=boss)
    assert "password" in exc.value.message_dict
    s = services.sign(iw.inspector, insp, role="enterprise", png=png_data_url(), signer=boss,
                      password="Test@Passw0rd!")  # fmt: skip
    assert (s.method, s.user) == ("password", boss)
    assert "被检查单位现场负责人尚未签名" not in services.missing_for_submit(insp)


def test_print_shows_each_signatures_content_hash(iw):
    insp = fill_and_sign(iw, new_inspection(iw))
    c = Client()
    c.force_login(iw.inspector)
    html = c.get(f"/inspections/{insp.pk}/print/").content.decode()
    for s in insp.signatures.all():
        assert s.content_sha256 in html
    assert "身份证号 110105********002X" in html and ID_NUMBER not in html


def test_photo_type_and_size_limits(iw):
    insp = new_inspection(iw)
    gif = SimpleUploadedFile("a.gif", b"GIF89a" + b"\0" * 20, content_type="image/gif")
    with pytest.raises(ValidationError) as exc:
        services.add_finding(iw.inspector, insp, description="x", photos=[gif])
    assert "照片“a.gif”不是 JPG、PNG 或 WebP 格式的图片" in exc.value.message_dict["photos"]
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\0" * (10 * 1024 * 1024 + 10))
    with pytest.raises(ValidationError) as exc:
        services.add_finding(iw.inspector, insp, description="x", photos=[big])
    assert "超过 10 MB 的限制" in exc.value.message_dict["photos"][0]
    assert not insp.findings.exists()


def test_violation_code_validated_against_law_engine(iw):
    insp = new_inspection(iw)
    with pytest.raises(ValidationError) as exc:
        services.add_finding(
            iw.inspector, insp, kind="violation", description="x", violation_code="SPL-999"
        )
    assert "违法行为代码“SPL-999”不存在" in exc.value.message_dict["violation_code"][0]


def test_locked_inspection_cannot_be_edited_except_by_amendment(iw):
    insp = services.submit(iw.inspector, fill_and_sign(iw, new_inspection(iw)))
    digest = insp.content_digest
    for attempt in (
        lambda: services.update_inspection(iw.inspector, insp, summary="改"),
        lambda: services.record_results(iw.inspector, insp, {iw.items[0].pk: "fail"}),
        lambda: services.add_finding(iw.inspector, insp, description="补记"),
        lambda: services.sign(iw.inspector, insp, role="inspector", png=png_data_url()),
        lambda: services.record_five_one(iw.inspector, insp, kind="interview", summary="x"),
    ):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "已提交并锁定" in exc.value.message_dict["status"][0]
    am = services.amend(
        iw.inspector,
        insp,
        reason="检查场所笔误",
        content="检查场所应为二号车间",
        png=png_data_url(),
    )
    insp.refresh_from_db()
    assert am.seq == 1 and am.signatures.get().user == iw.inspector
    assert insp.content_digest == digest and insp.results.filter(result="ok").count() == 3
    assert insp.signatures.filter(amendment__isnull=True).count() == 3
    # The page shows the record read-only, with the amendment listed.
    c = Client()
    c.force_login(iw.inspector)
    html = c.get(f"/inspections/{insp.pk}/").content.decode()
    assert "检查场所应为二号车间" in html and "已提交" in html
    assert 'value="results"' not in html and html.count("<canvas") == 1  # amendment only
    # each part of the record is changed by its own transition; refused, the page comes back
    resp = c.post(f"/inspections/{insp.pk}/meta/", {"summary": "偷改"})
    assert resp.status_code == 400 and "已提交并锁定" in resp.content.decode()
    assert Inspection.objects.get(pk=insp.pk).summary == ""


def test_amendment_requires_signature_and_team(iw):
    insp = services.submit(iw.inspector, fill_and_sign(iw, new_inspection(iw)))
    with pytest.raises(ValidationError) as exc:
        services.amend(iw.inspector, insp, reason="r", content="c", png="")
    assert "请先在签名框内签名" in exc.value.message_dict["signature"][0]
    with pytest.raises(PermissionDenied):
        services.amend(iw.builder, insp, reason="r", content="c", png=png_data_url())


def test_self_reported_hazards_appear_on_inspection_page(iw):
    from anjian.hazards.services import report_hazard

    report_hazard(
        iw.awb if False else _ent_user(iw, iw.general[0]),
        enterprise=iw.general[0],
        source="self",
        description="自查发现：消防通道堆放杂物",
        rectification_plan="立即清理",
    )
    insp = new_inspection(iw)
    c = Client()
    c.force_login(iw.inspector)
    html = c.get(f"/inspections/{insp.pk}/").content.decode()
    assert "企业自查隐患" in html and "自查发现：消防通道堆放杂物" in html


def _ent_user(w, ent):
    from anjian.accounts.models import Role
    from anjian.conftest import make_user

    return make_user(f"qiye{ent.pk}", Role.ENTERPRISE, enterprise=ent, region=w.baima)


def test_scoping_per_role(iw):
    insp = new_inspection(iw, enterprise=iw.food)
    c = Client()
    # Inspector of another department: 404 on page and API.
    c.force_login(iw.builder)
    assert c.get(f"/inspections/{insp.pk}/").status_code == 404
    assert c.get(f"/api/inspections/{insp.pk}").status_code == 404
    # Expert: only when assigned.
    c.force_login(iw.expert)
    assert c.get(f"/inspections/{insp.pk}/").status_code == 404
    other = new_inspection(iw, enterprise=iw.food, experts=[iw.expert])
    assert c.get(f"/inspections/{other.pk}/").status_code == 200
    assert list(Inspection.objects.restrict(iw.expert)) == [other]
    # Enterprise user: its own inspections once submitted, read-only; drafts stay hidden.
    c.force_login(iw.ent_user)
    assert c.get(f"/inspections/{insp.pk}/").status_code == 404
    services.submit(iw.inspector, fill_and_sign(iw, insp))
    resp = c.get(f"/inspections/{insp.pk}/")
    assert resp.status_code == 200 and "<canvas" not in resp.content.decode()
    assert not Inspection.objects.restrict(iw.ent_user, "change").exists()
    with pytest.raises(PermissionDenied):
        services.amend(iw.ent_user, insp, reason="r", content="c", png=png_data_url())
    # Town office: inspections in its territory, read-only.
    assert get_scoped_or_404(Inspection, iw.town, "view", pk=insp.pk) == insp
    assert not Inspection.objects.restrict(iw.town, "change").exists()


def test_non_member_inspector_of_same_department_cannot_change(iw):
    from anjian.accounts.models import Role
    from anjian.conftest import make_user

    third = make_user("yjj3", Role.INSPECTOR, department=iw.yjj, region=iw.county)
    insp = new_inspection(iw)
    assert Inspection.objects.restrict(third).filter(pk=insp.pk).exists()
    with pytest.raises(PermissionDenied):
        services.update_inspection(third, insp, summary="x")


def test_signature_stored_as_png(iw):
    insp = new_inspection(iw)
    sig = services.sign(iw.inspector, insp, role="inspector", png=png_data_url())
    stored = Signature.objects.get(pk=sig.pk)
    assert bytes(stored.png) == png_bytes() and stored.data_url.startswith("data:image/png;base64,")


def test_hazards_are_found_on_the_inspection_day_not_at_submission(iw):
    """Issue 19: an inspection done yesterday and submitted today has its hazards found
    yesterday (S1 发现隐患数量 falls in the inspection's month, like 派出检查小组)."""
    from django.utils import timezone

    day = date.today() - timedelta(days=1)
    insp = new_inspection(iw, inspected_on=day)
    f = services.add_finding(iw.inspector, insp, description="配电箱未接地")
    type(f).objects.filter(pk=f.pk).update(created_at=timezone.now())  # recorded today
    insp = services.submit(iw.inspector, fill_and_sign(iw, insp))
    f.refresh_from_db()
    assert timezone.localtime(f.hazard.found_at).date() == day
