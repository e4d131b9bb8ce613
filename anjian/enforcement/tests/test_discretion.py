"""Discretion from facts: the decision form's 裁量情节 reach the engine, the tier and its reasons
are stored, suggestions follow the department's published step, and the facts stay on the case."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from anjian.enforcement import services
from anjian.enforcement.models import Case, CaseParty
from anjian.enforcement.services import discretion

from .conftest import make_finding
from .helpers import filed


def _propose(world, case, facts, fines=None):
    fines = fines or {}
    rows = [{"id": p.pk, "fine": fines.get(p.kind, 0)} for p in case.parties.all()]
    return services.propose_decision(world.inspector, case, parties=rows, facts=facts)


def _enterprise(case) -> CaseParty:
    return case.parties.get(kind="enterprise")


def test_no_facts_is_the_normal_tier(world, finding):
    case = filed(world, finding)
    case = _propose(world, case, {}, {"enterprise": 50000})
    p = _enterprise(case)
    assert p.tier == "一般"
    assert any("无从轻、从重情节" in r for r in p.engine_reasons)


def test_reduced_harm_gives_lenient_tier_and_cites_article_32(world, finding):
    # 行政处罚法第三十二条第一项: 主动消除或者减轻违法行为危害后果的，应当从轻或者减轻行政处罚
    case = filed(world, finding)
    case = _propose(world, case, {"reduced_harm": True}, {"enterprise": 20000})
    p = _enterprise(case)
    assert p.tier == "从轻"
    assert any("主动消除或者减轻违法行为危害后果" in r for r in p.engine_reasons)
    case.refresh_from_db()
    assert case.discretion_facts["reduced_harm"] is True
    assert "主动消除或者减轻违法行为危害后果（行政处罚法第三十二条第一项）" in (
        discretion.fact_labels(case.discretion_facts)
    )


def test_serious_without_lenient_facts_is_severe(world, finding):
    case = filed(world, finding)
    case = _propose(world, case, {"first_offence": False, "serious": True}, {"enterprise": 90000})
    assert _enterprise(case).tier == "从重"


def test_prior_penalty_of_the_enterprise_makes_a_repeat_offence(world):
    from .helpers import decided

    earlier = decided(world, make_finding(world), on=date.today() - timedelta(days=100))
    assert earlier.stage == "decided"
    case = filed(world, make_finding(world, code="SPL-97-5"))
    case = _propose(world, case, {"first_offence": True}, {"enterprise": 50000})
    p = _enterprise(case)
    # 再次违法 within the default 365 days: 从重, the earlier decision named
    assert p.tier == "从重"
    assert any("再次违法" in r and earlier.decided_on.isoformat() in r for r in p.engine_reasons)


def test_first_offence_corrected_without_harm_is_a_discretionary_no_penalty(world, finding):
    # 行政处罚法第三十三条第一款: 初次违法且危害后果轻微并及时改正的，可以不予行政处罚
    case = filed(world, finding)
    case = _propose(world, case, {"first_offence": True, "corrected": True, "harm": "slight"})
    p = _enterprise(case)
    assert p.tier == "不予处罚"
    assert any("可以不予行政处罚" in r for r in p.engine_reasons)


def test_contradictory_facts_are_refused_naming_the_field(world, finding):
    case = filed(world, finding)
    with pytest.raises(ValidationError) as exc:
        _propose(world, case, {"first_offence": True, "repeat_offence": True})
    assert "repeat_offence" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _propose(world, case, {"nonsense": True})
    assert "facts" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _propose(world, case, {"serious": "false"})  # not a yes/no answer
    assert "serious" in exc.value.message_dict
    case.refresh_from_db()
    assert case.discretion_facts == {} and case.decision_status == ""


def test_suggestions_are_round_thousands_by_default(world, finding):
    case = filed(world, finding)
    p = _enterprise(case)
    # 安全生产法第九十七条: 十万元以下 → 一般档 [33,333, 66,666], midpoint rounded to 1,000 yuan
    assert p.suggested_fine == Decimal(50000)
    assert p.suggested_fine % 1000 == 0


def test_department_standard_step_and_source_are_used(world, finding):
    services.discretion.load_standard(
        world.leader, world.yjj,
        {"source": "遂宁市应急管理局自由裁量基准（测试）", "splits": ["1/4", "3/4"], "step": 5000},
    )  # fmt: skip
    case = filed(world, finding)
    case = _propose(world, case, {"reduced_harm": True}, {"enterprise": 10000})
    p = _enterprise(case)
    # 从轻 band [0, 25,000] with the standard's splits; midpoint 12,500 → nearest 5,000 step
    assert p.tier == "从轻"
    assert p.suggested_fine % 5000 == 0
    assert any("遂宁市应急管理局自由裁量基准（测试）" in r for r in p.engine_reasons)


def test_only_the_leader_loads_a_standard_and_bad_data_is_refused(world):
    with pytest.raises(PermissionDenied):
        discretion.load_standard(world.inspector, world.yjj, {"source": "x"})
    with pytest.raises(ValidationError) as exc:
        discretion.load_standard(world.leader, world.yjj, {"source": ""})
    assert "data" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        discretion.load_standard(world.leader, world.yjj, {"source": "x", "splits": ["2/3", "1/3"]})
    assert "data" in exc.value.message_dict


def test_decision_form_posts_the_facts(world, finding, client):
    case = filed(world, finding)
    client.force_login(world.inspector)
    url = f"/enforcement/{case.pk}/decision/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="fact_reduced_harm"' in html and 'name="fact_harm"' in html
    data = {"version": case.version, "fact_reduced_harm": "on", "fact_first_offence": "on"}
    for p in case.parties.all():
        data[f"fine_{p.pk}"] = "20000" if p.kind == "enterprise" else "0"
    resp = client.post(url, data)
    assert resp.status_code == 302, resp.content.decode()[:2000]
    case = Case.objects.get(pk=case.pk)
    assert case.discretion_facts["reduced_harm"] is True
    assert _enterprise(case).tier == "从轻"
    detail = client.get(f"/enforcement/{case.pk}/").content.decode()
    assert "主动消除或者减轻违法行为危害后果" in detail


def test_decision_document_states_the_facts_and_tier(world, finding):
    from docx import Document as Docx

    case = filed(world, finding)
    case = _propose(world, case, {"reduced_harm": True, "harm": "slight"}, {"enterprise": 20000})
    case = services.issue_notice(world.inspector, case, hearing=False)
    case = services.record_statement(world.inspector, case, statement="", waived=True)
    case = services.approve_decision(world.leader, case, approve=True)
    doc = case.documents.get(kind="penalty_decision")
    d = Docx(doc.docx.path)
    text = "\n".join(
        [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
    )
    # the decision states the circumstances and the tier in its reasoning (no amounts)
    assert "鉴于当事人" in text and "主动消除或者减轻违法行为危害后果" in text
    assert "危害后果轻微" in text
    assert "按从轻档次裁量" in text


def test_decision_form_previews_the_tier_without_saving(world, finding, client):
    case = filed(world, finding)
    client.force_login(world.inspector)
    url = f"/enforcement/{case.pk}/decision/"
    data = {"version": case.version, "fact_first_offence": "on", "fact_serious": "on"}
    data["preview"] = "1"
    resp = client.post(url, data)
    html = resp.content.decode()
    assert resp.status_code == 200 and "试算结果（未保存）" in html
    ent = _enterprise(case)
    assert f'id="preview-{ent.pk}"' in html
    preview = html.split(f'id="preview-{ent.pk}"', 1)[1].split("</div>", 1)[0]
    # 初次违法 without 及时改正 is not lenient; 情节严重 aggravates: 从重 [66,666, 100,000], its
    # midpoint 83,333 rounded to the default 1,000-yuan step
    assert "从重档，建议 83000 元" in preview and "情节严重" in preview
    case.refresh_from_db()
    assert case.discretion_facts == {} and case.decision_status == ""
    bad = client.post(url, {**data, "fact_repeat_offence": "on"})
    assert "再次违法与初次违法不能同时选择" in bad.content.decode()


def test_loaddiscretion_command_loads_a_departments_standard(world, tmp_path):
    import json

    from django.core.management import CommandError, call_command

    from anjian.enforcement.models import DepartmentDiscretionStandard

    path = tmp_path / "standard.json"
    path.write_text(json.dumps({"source": "某市应急管理局裁量基准（2024）", "step": 500}))
    call_command("loaddiscretion", "yjj", str(path), by=world.leader.username)
    row = DepartmentDiscretionStandard.objects.get(department=world.yjj)
    assert discretion.standard_for(world.yjj).step == 500 and row.loaded_by == world.leader
    path.write_text(json.dumps({"source": "x", "step": 0}))
    with pytest.raises(CommandError, match="step"):
        call_command("loaddiscretion", "yjj", str(path), by=world.leader.username)
    with pytest.raises(CommandError):
        call_command("loaddiscretion", "yjj", str(path), by=world.inspector.username)
