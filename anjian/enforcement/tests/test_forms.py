"""The generic pages of enforcement: inputs parsed by forms (a bad value is an error naming the
field, never a 500), limits from the model fields, bad query parameters a 4xx, lookups in the
user's scope, refusals shown as messages, records picked by search-as-you-type."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.enforcement import services
from anjian.enforcement.models import Case, Document, Exposure, Sanction
from anjian.registry.models import Licence

from .conftest import make_finding, make_hazard
from .helpers import decided, filed, proposed


def _login(client, user):
    client.force_login(user)
    return client


def _act(client, case, action, data):
    return client.post(reverse("enforcement:case_action", args=[case.pk, action]), data)


def test_extension_days_that_are_no_number_are_a_form_error(client, world, finding):
    case = filed(world, finding)
    c = _login(client, world.leader)
    r = _act(c, case, "extend", {"version": case.version, "days": "abc", "reason": "取证需要"})
    assert r.status_code == 400
    body = r.content.decode()
    assert "延长天数" in body and 'id="form-errors"' in body
    r = _act(c, case, "extend", {"version": case.version, "days": "99999999999999999999999"})
    assert r.status_code == 400 and "延长天数" in r.content.decode()
    case.refresh_from_db()
    assert case.extension_days == 0
    r = _act(c, case, "extend", {"version": case.version, "days": "30", "reason": "取证需要"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.extension_days == 30


def test_service_refusal_shows_on_the_case_page_with_the_field(client, world, finding):
    case = filed(world, finding)
    r = _act(_login(client, world.leader), case, "extend", {"version": case.version, "days": "5"})
    assert r.status_code == 400 and "请填写延期理由" in r.content.decode()


def test_permission_refusal_is_a_message_on_the_page(client, world, finding):
    case = proposed(world, finding)
    r = _act(_login(client, world.inspector), case, "approve_filing", {"version": case.version})
    assert r.status_code == 403
    assert "须由本部门负责人审批" in r.content.decode()
    case.refresh_from_db()
    assert case.stage == "proposed"


def test_stale_version_is_a_conflict_on_the_page(client, world, finding):
    case = proposed(world, finding)
    r = _act(_login(client, world.leader), case, "approve_filing", {"version": case.version - 1})
    assert r.status_code == 409 and "已被他人修改" in r.content.decode()


def test_unknown_action_is_404(client, world, finding):
    case = proposed(world, finding)
    c = _login(client, world.leader)
    assert c.post(f"/enforcement/{case.pk}/do/explode/", {}).status_code == 404


def test_payment_date_in_another_format_names_the_field(client, world, finding):
    case = decided(world, finding)
    case = services.serve(world.inspector, case)
    party = case.parties.get(kind="enterprise")
    c = _login(client, world.inspector)
    url = reverse("enforcement:payment", args=[party.pk])
    r = c.post(url, {"amount": "100", "paid_on": "2026/12/02"})
    assert r.status_code == 400 and "缴款日期" in r.content.decode()
    r = c.post(url, {"amount": "1000000000000", "paid_on": date.today().isoformat()})
    assert r.status_code == 400 and "缴款金额" in r.content.decode()
    party.refresh_from_db()
    assert party.paid_amount == 0
    r = c.post(url, {"amount": "100", "paid_on": date.today().isoformat()})
    assert r.status_code == 302
    party.refresh_from_db()
    assert party.paid_amount == 100


def test_decision_fine_beyond_the_model_field_is_refused(client, world, finding):
    case = filed(world, finding)
    ent = case.parties.get(kind="enterprise")
    c = _login(client, world.inspector)
    url = reverse("enforcement:decision", args=[case.pk])
    r = c.post(url, {"version": case.version, f"fine_{ent.pk}": "1000000000000"})
    assert r.status_code == 200 and "罚款金额" in r.content.decode()
    ent.refresh_from_db()
    assert ent.fine is None
    # the service bounds amounts too (the API reaches it without a form)
    with pytest.raises(ValidationError) as exc:
        services.propose_decision(
            world.inspector, case, parties=[{"id": ent.pk, "fine": "1000000000000"}]
        )
    assert f"fine_{ent.pk}" in exc.value.message_dict


def test_case_title_one_beyond_the_model_limit_names_the_field(client, world, finding):
    c = _login(client, world.inspector)
    url = reverse("enforcement:case_new") + f"?finding={finding.pk}"
    r = c.post(url, {"title": "案" * 201, "facts": "未培训", "violation_code": "SPL-97-3"})
    assert r.status_code == 200 and "案由" in r.content.decode()
    assert not Case.objects.exists()


def test_bad_query_parameters_are_4xx(client, world, finding):
    proposed(world, finding)
    c = _login(client, world.inspector)
    assert c.get(reverse("enforcement:case_list") + "?stage=nope").status_code == 400
    assert c.get(reverse("enforcement:case_list") + "?stage=proposed").status_code == 200
    assert c.get(reverse("enforcement:sanction_list") + "?kind=nope").status_code == 400
    assert c.get(reverse("enforcement:document_list") + "?kind=nope").status_code == 400
    assert c.get(reverse("enforcement:transfer_list") + "?status=nope").status_code == 400
    assert c.get(reverse("enforcement:transfer_new") + "?inspection=abc").status_code == 404
    huge = "9" * 25
    assert c.get(reverse("enforcement:transfer_new") + f"?inspection={huge}").status_code == 404
    r = c.get(f"/api/enforcement/cases?enterprise={huge}")
    assert r.status_code == 422 and "enterprise" in r.json()["errors"]
    r = c.get("/api/enforcement/cases?stage=nope")
    assert r.status_code == 422 and "stage" in r.json()["errors"]
    assert c.get("/api/enforcement/sanctions?kind=nope").status_code == 422
    assert c.get("/api/enforcement/transfers?status=nope").status_code == 422
    assert c.get("/api/enforcement/documents?kind=nope").status_code == 422
    assert c.get(f"/api/enforcement/cases?enterprise={world.chem.pk}").json()["count"] == 1


def test_pending_filter_lists_what_waits_for_the_leader(client, world, finding):
    proposed(world, finding)
    decided(world, make_finding(world))
    c = _login(client, world.leader)
    body = c.get(reverse("enforcement:case_list") + "?pending=1").content.decode()
    assert body.count("en-stage en-proposed") == 1


def _lookup(client, name, q):
    return [row["label"] for row in client.get(f"/lookup/{name}/", {"q": q}).json()["results"]]


def test_case_lookup_returns_only_cases_in_scope(client, world, finding):
    case = filed(world, finding)
    other = Case.objects.create(
        department=world.zjw, enterprise=world.build, region_code=world.build.region_id,
        title="建设公司教育培训案", filed_on=date.today(), created_by=world.builder,
    )  # fmt: skip
    c = _login(client, world.inspector)
    assert any(case.number in label for label in _lookup(c, "case", case.number))
    assert _lookup(c, "case", world.chem.name[:4])
    assert not [x for x in _lookup(c, "case", world.build.name[:4]) if other.title in x]
    doc = case.documents.get(kind="filing_approval")
    assert _lookup(c, "case", doc.number[-6:])
    c = _login(client, world.builder)
    assert _lookup(c, "case", case.number) == []


def test_licence_lookup_is_scoped_and_leaves_out_revoked_licences(client, world):
    lic = Licence.objects.create(
        enterprise=world.chem, kind="危险化学品经营许可证", number="川遂危化经777",
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    Licence.objects.create(
        enterprise=world.chem, kind="危险化学品经营许可证", number="川遂危化经778", revoked=True,
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    c = _login(client, world.inspector)
    found = _lookup(c, "licence", "川遂危化经77")
    assert len(found) == 1 and lic.number in found[0]
    assert _lookup(_login(client, world.builder), "licence", "川遂危化经77") == []


def test_sanction_form_picks_records_by_search(client, world):
    lic = Licence.objects.create(
        enterprise=world.chem, kind="危险化学品经营许可证", number="川遂危化经901",
        valid_until=date.today() + timedelta(days=300),
    )  # fmt: skip
    c = _login(client, world.leader)
    body = c.get(reverse("enforcement:sanction_list")).content.decode()
    assert "/lookup/enterprise-change/" in body and "/lookup/licence/" in body
    assert "/lookup/case/" in body
    assert world.chem.name not in body  # no list of every enterprise in the page
    # without script the typed text is resolved on the server through the lookup
    r = c.post(reverse("enforcement:sanction_new"), {
        "kind": "revocation", "enterprise__q": world.chem.name, "licence__q": "川遂危化经901",
        "basis": "安全生产法第一百一十三条",
    })  # fmt: skip
    assert r.status_code == 302
    s = Sanction.objects.get(kind="revocation")
    assert s.licence == lic and s.enterprise == world.chem


def test_sanction_form_refusal_names_the_field(client, world):
    c = _login(client, world.leader)
    r = c.post(reverse("enforcement:sanction_new"), {
        "kind": "dishonesty", "enterprise": world.chem.pk,
    })  # fmt: skip
    assert r.status_code == 200
    assert "依据 / 理由" in r.content.decode() and not Sanction.objects.exists()
    r = c.post(reverse("enforcement:sanction_new"), {"kind": "closure", "enterprise": "abc"})
    assert r.status_code == 200 and not Sanction.objects.exists()


def test_sanction_transition_refusal_is_a_message(client, world):
    s = services.order_suspension(
        world.leader, world.chem, starts_on=date.today(), ends_on=date.today(), basis="依据"
    )
    c = _login(client, world.inspector)
    url = reverse("enforcement:sanction_action", args=[s.pk, "remove"])
    r = c.post(url, {"note": ""}, follow=True)
    assert "须由本部门负责人审批" in r.content.decode()
    r = c.post(reverse("enforcement:sanction_action", args=[s.pk, "pass"]), {"note": "合格"})
    assert r.status_code == 302
    s.refresh_from_db()
    assert s.verification_passed is True


def test_document_for_an_inspection_picked_by_search(client, world, finding):
    c = _login(client, world.inspector)
    body = c.get(reverse("enforcement:document_list")).content.decode()
    assert "/lookup/enforcement-inspection/" in body and 'name="inspection"' in body
    insp = finding.inspection
    r = c.post(reverse("enforcement:document_new"), {
        "kind": "inspection_record", "inspection": insp.pk,
    })  # fmt: skip
    assert r.status_code == 302
    assert Document.objects.get(kind="inspection_record").inspection == insp
    r = c.post(reverse("enforcement:document_new"), {"kind": "review_opinion"})
    assert r.status_code == 200 and "请选择执法检查或隐患" in r.content.decode()
    h = make_hazard(world)
    assert _lookup(c, "enforcement-hazard", h.description[:6])
    assert _lookup(_login(client, world.builder), "enforcement-hazard", h.description[:6]) == []


def test_exposure_title_beyond_the_limit_names_the_field(client, world, finding):
    case = decided(world, finding)
    c = _login(client, world.inspector)
    r = c.post(reverse("enforcement:exposure_list"), {
        "channel": "区融媒体中心", "title": "曝" * 201, "published_on": "2026/12/02",
        "cases": [case.pk],
    })  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 200 and "标题" in body and "曝光日期" in body
    assert not Exposure.objects.exists()


def test_transfer_sign_refusal_shows_on_the_transfer_page(client, world):
    t = services.create_transfer(
        world.inspector, enterprise=world.food, to_region=world.baima,
        items=[{"description": "疏散通道堆放杂物", "disposals": ["deadline"]}],
    )  # fmt: skip
    c = _login(client, world.inspector)
    url = reverse("enforcement:transfer_action", args=[t.pk, "sign"])
    # the district inspector types the town's name: refused, nothing signed
    r = c.post(url, {"side": "local", "name": "王配合"})
    assert r.status_code == 400 and "仅填写姓名不是签名" in r.content.decode()
    r = c.post(url, {"side": "team", "signer": world.inspector.pk})
    assert r.status_code == 302
    assert [s.name for s in t.signatures.all()] == [world.inspector.display_name]


def test_case_pages_are_english_when_english_is_chosen(client, world, finding, settings):
    case = decided(world, finding)
    c = _login(client, world.leader)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = c.get(reverse("enforcement:case_detail", args=[case.pk])).content.decode()
    assert "Penalty decision" in body or "penalty decision" in body
    assert "办理" not in body and "当事人及处罚" not in body
    body = c.get(reverse("enforcement:case_list")).content.decode()
    assert "All stages" in body and "全部阶段" not in body
