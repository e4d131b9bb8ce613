"""送达 (行政处罚法第六十一条), 电子送达 and the execution after the decision (issue 16): the
invariants of each service, the documents rendered and converted by LibreOffice, the reminders."""

import os
import subprocess
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from anjian.accounts.models import Role
from anjian.audit.models import AuditEntry
from anjian.enforcement.models import Case, Document, Service
from anjian.enforcement.services import execution as ex
from anjian.testing import make_user

from .helpers import decided
from .test_documents import SOFFICE, _docx_text

TODAY = date.today()


def _decided(world, finding, days_ago=300):
    on = TODAY - timedelta(days=days_ago)
    case = decided(world, finding, on=on)
    return case, case.documents.get(kind="penalty_decision")


def _served(world, finding, days_ago=300):
    case, doc = _decided(world, finding, days_ago)
    ex.record_service(
        world.inspector, doc, method="direct", served_on=case.decided_on, recipient="李四"
    )
    return Case.objects.get(pk=case.pk), doc


@pytest.fixture
def chem_user(world):
    return make_user("qiye_chem", Role.ENTERPRISE, enterprise=world.chem, region=world.baima)


def test_direct_service_sets_the_case_served_on_and_the_payment_due(world, finding):
    case, doc = _decided(world, finding)
    s = ex.record_service(
        world.inspector, doc, method="direct", served_on=case.decided_on, recipient="李四",
        place="公司办公室",
    )  # fmt: skip
    assert s.status == "served" and s.receipt.kind == "service_receipt"
    case.refresh_from_db()
    assert case.served_on == case.decided_on and case.stage == "served"
    assert case.service_method == "直接送达"
    assert case.payment_due_on is not None and case.payment_due_on > case.served_on
    text = _docx_text(s.receipt.docx.path)
    for part in ("送达回证", doc.number, "受送达人", "送达地点", "公司办公室", "直接送达",
                 "收件人签名或盖章", "送达人", "见证人", "备注", "签收人：李四",
                 "遂宁市安居区应急管理局"):  # fmt: skip
        assert part in text, part
    with pytest.raises(ValidationError) as e:  # served once
        ex.record_service(world.inspector, doc, method="direct", served_on=case.decided_on)
    assert "document" in e.value.message_dict


def test_lodged_needs_witnesses_post_a_tracking_number(world, finding):
    case, doc = _decided(world, finding)
    with pytest.raises(ValidationError) as e:
        ex.record_service(world.inspector, doc, method="lodged", served_on=case.decided_on)
    assert "第八十九条" in e.value.message_dict["witness_1"][0]
    with pytest.raises(ValidationError) as e:
        ex.record_service(world.inspector, doc, method="post", served_on=case.decided_on)
    assert "tracking_number" in e.value.message_dict
    assert not Service.objects.exists()
    s = ex.record_service(
        world.inspector, doc, method="lodged", served_on=case.decided_on, witness_1="王五",
        witness_2="赵六", refusal="拒绝签收",
    )  # fmt: skip
    text = _docx_text(s.receipt.docx.path)
    assert "王五、赵六" in text and "留置送达" in text


def test_public_notice_is_deemed_served_after_thirty_days(world, finding):
    case, doc = _decided(world, finding)
    published = case.decided_on + timedelta(days=3)
    s = ex.record_service(
        world.inspector, doc, method="notice", notice_medium="安居区人民政府网站",
        published_on=published,
    )  # fmt: skip
    from anjian.law.service import deemed_service_day

    assert s.served_on == deemed_service_day(published).value
    case.refresh_from_db()
    assert case.served_on == s.served_on


def test_electronic_service_only_where_the_party_agreed(world, finding, chem_user):
    case, doc = _decided(world, finding)
    with pytest.raises(ValidationError) as e:
        ex.record_service(world.inspector, doc, method="electronic")
    assert "第六十一条第二款" in e.value.message_dict["method"][0]
    with pytest.raises(ValidationError) as e:  # another enterprise's account
        ex.record_consent(
            world.inspector, enterprise=world.chem, address="x", signed_by="李四",
            electronic=True, account=world.ent_user,
        )  # fmt: skip
    assert "account" in e.value.message_dict


def test_electronic_receipt_on_first_open_by_the_enterprise_account(
    world, finding, chem_user, client
):
    case, doc = _decided(world, finding)
    ex.record_consent(
        world.inspector, enterprise=world.chem, address="安居区工业园1号", signed_by="李四",
        signed_on=case.decided_on, electronic=True, account=chem_user,
    )  # fmt: skip
    s = ex.record_service(world.inspector, doc, method="electronic")
    assert s.status == "pending" and s.receipt is None
    url = reverse("enforcement:service_open", args=[s.pk, "pdf"])
    # an officer opening it is no receipt
    client.force_login(world.inspector)
    assert client.get(url).status_code == 200
    s.refresh_from_db()
    assert s.status == "pending"
    # another enterprise's account does not see it
    client.force_login(world.ent_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("enforcement:service_list")).status_code == 200
    # the party's account: its list shows it, the first opening is the receipt
    client.force_login(chem_user)
    page = client.get(reverse("enforcement:service_list")).content.decode()
    assert doc.number in page
    assert client.get(url).status_code == 200
    s.refresh_from_db()
    assert s.status == "served" and s.opened_by == chem_user and s.served_at is not None
    first = s.served_at
    assert AuditEntry.objects.filter(action="service.receipt", object_id=str(s.pk)).count() == 1
    client.get(url)
    s.refresh_from_db()
    assert s.served_at == first
    assert AuditEntry.objects.filter(action="service.receipt", object_id=str(s.pk)).count() == 1
    case.refresh_from_db()
    assert case.served_on == TODAY and case.stage == "served"
    assert "qiye_chem" in _docx_text(s.receipt.docx.path)
    # the enterprise account reaches no other document
    assert client.get(reverse("enforcement:document_file", args=[doc.pk, "pdf"])).status_code == 404


def test_remedy_changes_the_final_fine_and_keeps_the_initial(world, finding):
    case, _doc = _served(world, finding)
    ent = case.parties.get(kind="enterprise")
    r = ex.record_remedy(
        world.inspector, case, kind="review", body="遂宁市安居区人民政府",
        filed_on=case.served_on + timedelta(days=20),
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:  # never worse for the party
        ex.decide_remedy(
            world.inspector, r, outcome="changed", decided_on=r.filed_on + timedelta(days=30),
            final_fines={ent.pk: "60000"},
        )  # fmt: skip
    assert "第六十三条第二款" in e.value.message_dict[f"final_fine_{ent.pk}"][0]
    ex.decide_remedy(
        world.inspector, r, outcome="changed", decided_on=r.filed_on + timedelta(days=30),
        final_fines={ent.pk: "30000"},
    )  # fmt: skip
    ent.refresh_from_db()
    assert ent.fine == Decimal("50000.00")  # initial kept
    assert ex.final_fine(ent) == Decimal("30000")
    from anjian.enforcement import services

    assert services.outstanding(ent) == Decimal("30000")
    # 30 days of review are not counted in the surcharge (第七十三条第三款)
    assert ex.suspended_days(case, TODAY) == 30


def test_surcharge_does_not_run_during_an_approved_deferral(world, finding):
    case, _doc = _served(world, finding, days_ago=60)
    ent = case.parties.get(kind="enterprise")
    with_surcharge = ex.surcharge_on(ent, TODAY).value.amount_yuan
    assert with_surcharge > 0
    with pytest.raises(ValidationError):  # a new due date after the old one
        ex.apply_deferral(
            world.inspector, case, party=ent, kind="defer", reason="资金周转困难",
            applied_on=case.served_on, due_on=case.payment_due_on,
        )  # fmt: skip
    d = ex.apply_deferral(
        world.inspector, case, party=ent, kind="defer", reason="资金周转困难",
        applied_on=case.served_on + timedelta(days=2), due_on=TODAY + timedelta(days=30),
        handler_opinion="情况属实，建议同意",
    )  # fmt: skip
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ex.decide_deferral(world.inspector, d, approve=True)
    d = ex.decide_deferral(world.leader, d, approve=True, opinion="同意", on=d.applied_on)
    assert d.form_document.kind == "deferral_form"
    assert d.approval_document.kind == "deferral_approval"
    assert ex.surcharge_on(ent, TODAY).value.amount_yuan == 0
    text = _docx_text(d.approval_document.docx.path)
    assert "第六十六条第二款" in text and "延期至" in text and "人民法院" in text
    with pytest.raises(ValidationError):  # no 催缴 before the new date
        ex.issue_demand(world.inspector, case, party=ent, kind="demand")


def test_instalments_must_add_up(world, finding):
    case, _doc = _served(world, finding, days_ago=60)
    ent = case.parties.get(kind="enterprise")
    rows = [{"due_on": TODAY + timedelta(days=10), "amount": "20000"},
            {"due_on": TODAY + timedelta(days=40), "amount": "20000"}]  # fmt: skip
    with pytest.raises(ValidationError) as e:
        ex.apply_deferral(world.inspector, case, party=ent, kind="instalments", reason="困难",
                          instalments=rows)  # fmt: skip
    assert "50,000.00" in e.value.message_dict["instalments"][0]
    rows[1]["amount"] = "30000"
    d = ex.apply_deferral(
        world.inspector, case, party=ent, kind="instalments", reason="困难", instalments=rows
    )
    ex.decide_deferral(world.leader, d, approve=True)
    assert ex.surcharge_on(ent, TODAY).value.amount_yuan == 0


def test_court_application_after_the_reminder_and_within_three_months(world, finding):
    case, _doc = _served(world, finding, days_ago=300)
    ent = case.parties.get(kind="enterprise")
    with pytest.raises(ValidationError):  # no reminder yet
        ex.apply_to_court(world.inspector, case, party=ent, on=TODAY - timedelta(days=60))
    reminder_on = TODAY - timedelta(days=250)
    demand = ex.issue_demand(
        world.inspector, case, party=ent, kind="demand", on=case.payment_due_on + timedelta(days=5)
    )
    assert demand.surcharge > 0 and demand.document.kind == "payment_demand"
    reminder = ex.issue_demand(world.inspector, case, party=ent, kind="reminder", on=reminder_on)
    with pytest.raises(ValidationError) as e:  # the reminder is not served yet
        ex.apply_to_court(world.inspector, case, party=ent, on=TODAY - timedelta(days=60))
    assert "第五十四条" in str(e.value)
    ex.record_service(world.inspector, reminder.document, method="post",
                      tracking_number="EMS1234567", served_on=reminder_on)  # fmt: skip
    w = ex.enforcement_window(case, ent)
    with pytest.raises(ValidationError) as e:  # within the ten working days
        ex.apply_to_court(world.inspector, case, party=ent, on=w["earliest"] - timedelta(days=1))
    assert "第六十九条" in e.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as e:  # the remedies' periods still running
        ex.apply_to_court(world.inspector, case, party=ent, on=w["periods_end"])
    assert "第五十三条" in e.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as e:  # after the three months
        ex.apply_to_court(world.inspector, case, party=ent, on=w["last"] + timedelta(days=1))
    assert "三个月" in e.value.message_dict["on"][0]
    app = ex.apply_to_court(world.inspector, case, party=ent, on=w["last"])
    assert app.court == "遂宁市安居区人民法院" or app.court
    text = _docx_text(app.document.docx.path)
    for part in ("强制执行申请书", "遂宁市安居区应急管理局", world.chem.name, "第五十三条",
                 reminder.document.number):  # fmt: skip
        assert part in text, part
    rtext = _docx_text(reminder.document.docx.path)
    assert "陈述权和申辩权" in rtext and "第五十四条" in rtext and "十日内" in rtext


def test_reminders_for_unpaid_fines_and_the_court_deadline(world, finding):
    from anjian.enforcement.reminders import execution_reminders
    from anjian.notifications.sources import Recipients

    case, _doc = _served(world, finding, days_ago=300)
    found = list(execution_reminders(TODAY, Recipients()))
    assert any(c.key.startswith("remind_due:") and c.user_id == world.inspector.pk for c in found)
    ent = case.parties.get(kind="enterprise")
    reminder = ex.issue_demand(world.inspector, case, party=ent, kind="reminder",
                               on=TODAY - timedelta(days=120))  # fmt: skip
    ex.record_service(world.inspector, reminder.document, method="direct",
                      served_on=reminder.issued_on)  # fmt: skip
    w = ex.enforcement_window(case, ent)
    soon = w["last"] - timedelta(days=5)
    keys = [c.key for c in execution_reminders(soon, Recipients())]
    assert any(k.startswith(f"court_due:{ent.pk}:") for k in keys)
    ex.apply_to_court(world.inspector, case, party=ent, on=max(w["earliest"], soon))
    keys = [c.key for c in execution_reminders(soon, Recipients())]
    assert not any(k.startswith(f"court_due:{ent.pk}:") for k in keys)


def test_unserved_decision_is_reminded(world, finding):
    from anjian.enforcement.reminders import execution_reminders
    from anjian.notifications.sources import Recipients

    case, doc = _decided(world, finding, days_ago=10)
    keys = [c.key for c in execution_reminders(TODAY, Recipients())]
    assert f"service_due:{doc.pk}" in keys


def test_new_documents_convert_in_libreoffice(world, finding, tmp_path):
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    case, doc = _served(world, finding, days_ago=300)
    ent = case.parties.get(kind="enterprise")
    ex.issue_demand(world.inspector, case, party=ent, kind="demand")
    reminder = ex.issue_demand(world.inspector, case, party=ent, kind="reminder",
                               on=TODAY - timedelta(days=120))  # fmt: skip
    ex.record_service(world.inspector, reminder.document, method="direct",
                      served_on=reminder.issued_on)  # fmt: skip
    w = ex.enforcement_window(case, ent)
    ex.apply_to_court(world.inspector, case, party=ent, on=w["last"])
    d = ex.apply_deferral(world.inspector, case, party=ent, kind="defer", reason="困难",
                          due_on=TODAY + timedelta(days=30))  # fmt: skip
    ex.decide_deferral(world.leader, d, approve=True)
    kinds = ["service_receipt", "payment_demand", "enforcement_reminder", "court_application",
             "deferral_form", "deferral_approval"]  # fmt: skip
    docs = [Document.objects.filter(kind=k).first() for k in kinds]
    assert all(docs), kinds
    out = tmp_path / "out"
    res = subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "txt:Text", "--outdir", str(out), *[x.docx.path for x in docs]],
        capture_output=True, timeout=300,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr.decode(errors="replace")
    for x in docs:
        txt = out / (os.path.splitext(os.path.basename(x.docx.path))[0] + ".txt")
        text = txt.read_text("utf-8-sig")
        assert "遂宁市安居区应急管理局" in text, x.kind
        assert x.number in text, x.kind
        assert x.get_kind_display() in text, x.kind
        if x.kind != "service_receipt":
            assert world.chem.name in text and world.chem.credit_code in text, x.kind
    receipt_text = out / (os.path.splitext(os.path.basename(docs[0].docx.path))[0] + ".txt")
    assert "送达文书名称及文号" in receipt_text.read_text("utf-8-sig")


def test_service_pages(world, finding, client):
    case, doc = _decided(world, finding)
    client.force_login(world.inspector)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("enforcement:service_new", args=[doc.pk]) in page
    r = client.post(
        reverse("enforcement:service_new", args=[doc.pk]),
        {"method": "lodged", "served_on": case.decided_on.isoformat()},
    )
    assert r.status_code == 200 and "第八十九条" in r.content.decode()
    assert not Service.objects.exists()
    r = client.post(
        reverse("enforcement:service_new", args=[doc.pk]),
        {"method": "direct", "served_on": case.decided_on.isoformat(), "recipient": "李四"},
    )
    assert r.status_code == 302
    assert Service.objects.get().status == "served"
    assert client.get(reverse("enforcement:service_list")).status_code == 200


def test_pages_in_english(world, finding, client, settings, chem_user):
    from .helpers import chinese_ui

    case, doc = _served(world, finding, days_ago=300)
    ent = case.parties.get(kind="enterprise")
    ex.record_consent(world.inspector, enterprise=world.chem, address="x", signed_by="李四",
                      electronic=True, account=chem_user)  # fmt: skip
    r = ex.record_remedy(world.inspector, case, kind="review", body="遂宁市安居区人民政府",
                         filed_on=case.served_on + timedelta(days=10))  # fmt: skip
    ex.decide_remedy(world.inspector, r, outcome="changed",
                     decided_on=r.filed_on + timedelta(days=20), final_fines={ent.pk: "40000"})  # fmt: skip
    demand = ex.issue_demand(world.inspector, case, party=ent, kind="reminder")
    ex.record_service(world.inspector, demand.document, method="electronic")
    d = ex.apply_deferral(world.inspector, case, party=ent, kind="defer", reason="困难",
                          due_on=TODAY + timedelta(days=30))  # fmt: skip
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    urls = [
        case.get_absolute_url(),
        reverse("enforcement:service_list"),
        reverse("enforcement:service_new", args=[demand.document.pk]),
        reverse("enforcement:consent_new", args=[case.pk]),
        reverse("enforcement:remedy_new", args=[case.pk]),
        reverse("enforcement:demand_new", args=[case.pk]),
        reverse("enforcement:court_new", args=[case.pk]),
        reverse("enforcement:deferral_new", args=[case.pk]),
    ]
    for user, pages in ((world.inspector, urls), (world.leader, [reverse("enforcement:deferral_decide", args=[d.pk])]), (chem_user, [reverse("enforcement:service_list")])):  # fmt: skip
        client.force_login(user)
        for url in pages:
            resp = client.get(url)
            assert resp.status_code == 200, url
            assert chinese_ui(resp.content.decode()) == [], url
    # the remedy form's page after the outcome: English too (a second remedy pending)
    r2 = ex.record_remedy(world.inspector, case, kind="litigation", body="遂宁市安居区人民法院",
                          filed_on=TODAY)  # fmt: skip
    client.force_login(world.inspector)
    resp = client.get(reverse("enforcement:remedy_outcome", args=[r2.pk]))
    assert resp.status_code == 200 and chinese_ui(resp.content.decode()) == []
    page = client.get(case.get_absolute_url()).content.decode()
    assert "50,000.00" in page or "50000.00" in page  # the initial fine stays on the page
    assert "40000.00" in page or "40,000.00" in page  # and the final one
