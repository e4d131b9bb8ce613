"""查封扣押 (行政强制法第十八条、第二十四条、第二十五条、第二十八条) and the evidence records of a case
(行政处罚法第四十六条、第五十五条、第五十六条): the periods on the holiday tables, the one approved
extension, the reminders, 解除, and each document converted by LibreOffice."""

import os
import shutil
import subprocess
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as Docx

from anjian import law
from anjian.enforcement import services
from anjian.enforcement.measures_models import EvidenceRecord, Seizure
from anjian.enforcement.reminders import preservations, seizures
from anjian.notifications.sources import Recipients
from anjian.testing import ID_NUMBER

from .conftest import PNG
from .helpers import filed

SOFFICE = shutil.which("soffice") or (
    "/usr/bin/soffice" if os.path.exists("/usr/bin/soffice") else None
)
ITEMS = [
    {"name": "液氨充装设备", "spec": "YA-200", "quantity": "1", "unit": "套", "note": "二号车间"},
    {"name": "未经检验的压力容器", "quantity": "2", "unit": "台"},
]


@pytest.fixture(autouse=True)
def _no_av_rule():
    """These tests are of the measure itself; the 全过程记录 rule a 查封扣押 also obeys (its
    audio-video record) is the records app's, tested there (records/tests)."""
    from anjian.enforcement.services import measures

    saved = list(measures.AUDIO_VIDEO_CHECKS)
    measures.AUDIO_VIDEO_CHECKS[:] = [
        c for c in saved if not c.__module__.startswith("anjian.records")
    ]
    yield
    measures.AUDIO_VIDEO_CHECKS[:] = saved


def _docx_text(path) -> str:
    d = Docx(path)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _proposed(world, **kw):
    args = dict(
        enterprise=world.chem, kind="seal", place="遂宁鑫源化工有限公司二号车间",
        facts="该公司二号车间液氨充装设备存在重大事故隐患，有根据认为不符合保障安全生产的国家标准",
        officers=[world.inspector, world.leader], items=ITEMS, party_name="王厂长",
    )  # fmt: skip
    args.update(kw)
    return services.create_seizure(world.inspector, **args)


def _signed(world, s, witness=False):
    for officer in (world.inspector, world.leader):
        services.sign_seizure(officer, s, signer=officer)
    services.sign_seizure(
        world.inspector, s, png=PNG, name="李见证" if witness else "王厂长", id_number=ID_NUMBER,
        witness=witness,
    )  # fmt: skip
    return s


def _active(world, on=date(2025, 9, 5), **kw):
    s = _proposed(world, **kw)
    s = services.approve_seizure(world.leader, s)
    _signed(world, s, witness=not kw.get("party_present", True))
    return services.issue_seizure(world.inspector, s, on=on)


# ------------------------------------------------------------------------ law


def test_thirty_day_limit_across_national_day():
    """30 days from 5 September 2025 end on 5 October, a day of the 国庆 holiday: the period
    ends on the first working day after it (民法典第二百零三条), 9 October. 行政强制法第六十九条
    makes only periods of 十日以内 working days, so the 30 days are calendar days."""
    p = law.seizure_period(date(2025, 9, 5)).value
    assert p.last_day == date(2025, 10, 9)
    assert law.last_working_day(date(2025, 9, 5), 30) != p.last_day  # not 30 working days
    extended = law.seizure_period(date(2025, 9, 5), extension_days=30).value
    assert extended.last_day == date(2025, 11, 10)  # 8 November is a Saturday
    # the reminder starts on the third working day before the last day, before the holiday:
    # 30 September, 29 September and Sunday 28 September (a 调休 working day)
    assert law.seizure_reminder_day(date(2025, 10, 9)) == date(2025, 9, 28)


def test_extension_rule():
    assert law.seizure_extension_problem(extensions_so_far=0, days=30, approved_by_head=True) == ""
    assert "一次" in law.seizure_extension_problem(
        extensions_so_far=1, days=10, approved_by_head=True
    )
    assert "三十日" in law.seizure_extension_problem(
        extensions_so_far=0, days=31, approved_by_head=True
    )
    assert "负责人批准" in law.seizure_extension_problem(
        extensions_so_far=0, days=10, approved_by_head=False
    )


# ------------------------------------------------------------------------ service


def test_two_certified_officers_required(world):
    with pytest.raises(ValidationError) as exc:
        _proposed(world, officers=[world.inspector])
    assert "两名以上" in str(exc.value.message_dict["officers"])
    world.leader.cert_expiry = date.today() - timedelta(days=1)
    world.leader.save()
    with pytest.raises(ValidationError):
        _proposed(world)
    assert not Seizure.objects.exists()


def test_items_required_and_named(world):
    with pytest.raises(ValidationError) as exc:
        _proposed(world, items=[{"name": "设备"}])
    assert "items" in exc.value.message_dict


def test_issue_needs_approval_and_signatures(world):
    s = _proposed(world)
    with pytest.raises(ValidationError) as exc:
        services.issue_seizure(world.inspector, s)
    assert "负责人批准" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.approve_seizure(world.inspector, s)
    s = services.approve_seizure(world.leader, s)
    services.sign_seizure(world.inspector, s, signer=world.inspector)
    with pytest.raises(ValidationError) as exc:
        services.issue_seizure(world.inspector, s)
    assert (
        "第十八条" in str(exc.value) and "yjjlead" in str(exc.value) or "未签名" in str(exc.value)
    )
    services.sign_seizure(world.leader, s, signer=world.leader)
    # a typed name is no signature
    with pytest.raises(ValidationError):
        services.sign_seizure(world.inspector, s, name="王厂长")
    services.sign_seizure(world.inspector, s, png=PNG, name="王厂长", id_number=ID_NUMBER)
    s = services.issue_seizure(world.inspector, s, on=date(2025, 9, 5))
    assert s.status == "active" and s.last_day == date(2025, 10, 9)
    assert s.decision_document.kind == "seizure_decision"
    assert s.list_document.kind == "seizure_list"
    assert s.decision_document.number.startswith("（安居）应急查扣〔2025〕")


def test_absent_party_needs_a_witness(world):
    s = _proposed(world, party_present=False, party_name="")
    s = services.approve_seizure(world.leader, s)
    with pytest.raises(ValidationError) as exc:
        services.sign_seizure(world.inspector, s, png=PNG, name="王厂长", id_number=ID_NUMBER)
    assert "见证人" in str(exc.value)
    _signed(world, s, witness=True)
    s = services.issue_seizure(world.inspector, s, on=date(2025, 9, 5))
    text = _docx_text(s.decision_document.docx.path)
    assert "见证人（签名）：李见证" in text


def test_audio_video_hook_can_refuse(world):
    s = _proposed(world)
    s = services.approve_seizure(world.leader, s)
    _signed(world, s)

    def no_record(by, obj, step):
        raise ValidationError({"audio_video": f"{step}: 无全过程记录"})

    services.on_audio_video_check(no_record)
    try:
        with pytest.raises(ValidationError):
            services.issue_seizure(world.inspector, s)
    finally:
        services.AUDIO_VIDEO_CHECKS.remove(no_record)
    s.refresh_from_db()
    assert s.status == "approved" and s.decision_document is None


def test_one_extension_only_and_only_by_the_head(world):
    s = _active(world)
    with pytest.raises(ValidationError) as exc:
        services.extend_seizure(
            world.inspector, s, days=30, reason="需技术鉴定", on=date(2025, 10, 8)
        )
    assert "负责人批准" in str(exc.value) and "第二十五条" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.extend_seizure(world.leader, s, days=31, reason="情况复杂", on=date(2025, 10, 8))
    assert "三十日" in str(exc.value)
    s = services.extend_seizure(
        world.leader, s, days=30, reason="涉案设备需委托技术鉴定，情况复杂", on=date(2025, 10, 8)
    )
    assert s.last_day == date(2025, 11, 10) and s.initial_last_day == date(2025, 10, 9)
    assert s.extension_document.kind == "seizure_extension"
    with pytest.raises(ValidationError) as exc:
        services.extend_seizure(world.leader, s, days=5, reason="再延", on=date(2025, 10, 9))
    assert "一次" in str(exc.value)
    text = _docx_text(s.extension_document.docx.path)
    assert "延长30日" in text and "2025年11月10日" in text and "第二十五条" in text


def test_reminder_fires_before_expiry(world):
    s = _active(world)
    rec = Recipients()
    assert list(seizures(date(2025, 9, 27), rec)) == []
    due = list(seizures(date(2025, 9, 28), rec))
    assert {c.user_id for c in due} >= {world.inspector.pk, world.leader.pk}
    assert all("即将届满" in c.title and c.due == date(2025, 10, 9) for c in due)
    late = list(seizures(date(2025, 10, 10), rec))
    assert late and all("已届满" in c.title for c in late)
    services.lift_seizure(world.inspector, s, reason="decided", on=date(2025, 10, 9))
    assert list(seizures(date(2025, 10, 10), rec)) == []


def test_lift_produces_its_document_and_returns_items(world):
    s = _active(world)
    with pytest.raises(ValidationError) as exc:
        services.lift_seizure(world.inspector, s, reason="expired", on=date(2025, 10, 1))
    assert "尚未届满" in str(exc.value)
    with pytest.raises(ValidationError):
        services.lift_seizure(world.inspector, s, reason="nonsense")
    s = services.lift_seizure(
        world.inspector,
        s,
        reason="no_violation",
        note="经鉴定设备符合国家标准",
        on=date(2025, 9, 20),
    )
    assert s.status == "lifted" and s.lift_document.kind == "seizure_lift"
    assert all(i.returned_on == date(2025, 9, 20) for i in s.items.all())
    text = _docx_text(s.lift_document.docx.path)
    assert "《中华人民共和国行政强制法》第二十八条第一款第一项" in text
    assert "液氨充装设备" in text and "2025年9月20日" in text
    with pytest.raises(ValidationError):
        services.lift_seizure(world.inspector, s, reason="decided")


def test_seizure_documents_render_in_libreoffice(world, tmp_path):
    s = _active(world)
    dec = _docx_text(s.decision_document.docx.path)
    for needed in (
        "遂宁市安居区应急管理局", world.chem.name, world.chem.credit_code, "统一社会信用代码",
        "第六十五条第一款第四项", "第二十四条", "2025年10月9日", "液氨充装设备", "二号车间",
        "行政复议", "人民法院", "川执0001",
    ):  # fmt: skip
        assert needed in dec, needed
    lst = _docx_text(s.list_document.docx.path)
    assert "第一联　当事人留存" in lst and "第二联　执法机关存档" in lst
    assert lst.count("未经检验的压力容器") == 2
    _convert(tmp_path, s.decision_document, s.list_document)


def _convert(tmp_path, *docs) -> list[str]:
    if SOFFICE is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice (soffice) not installed")
    out, profile = tmp_path / "out", tmp_path / "profile"
    texts = []
    for d in docs:
        res = subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
             "txt:Text", "--outdir", str(out), d.docx.path],
            capture_output=True, timeout=180,
        )  # fmt: skip
        assert res.returncode == 0, res.stderr.decode(errors="replace")
        txt = out / (os.path.splitext(os.path.basename(d.docx.path))[0] + ".txt")
        texts.append(txt.read_text(encoding="utf-8", errors="replace"))
    return texts


# ------------------------------------------------------------------------ evidence


@pytest.fixture
def case(world, finding):
    return filed(world, finding)


def _evidence(world, case, kind, **kw):
    args = dict(
        on=date(2025, 9, 26), place="遂宁鑫源化工有限公司会议室",
        officers=[world.inspector, world.leader], recorder=world.leader,
        subject_name="王五", subject_id_number=ID_NUMBER, subject_gender="男",
        subject_unit="遂宁鑫源化工有限公司安全管理员", subject_address="四川省遂宁市安居区柔刚街道1号",
        subject_phone="13800000000", content="问：你的身份？\n答：我是公司安全管理员。",
        start_time=time(9, 30), end_time=time(10, 15), notice_on=date(2025, 9, 25),
        notice_matter="从业人员安全生产教育培训情况",
    )  # fmt: skip
    args.update(kw)
    return services.create_evidence(world.inspector, case, kind=kind, **args)


def test_preservation_seven_working_days(world, case):
    r = _evidence(world, case, "preservation", items=ITEMS, content="培训记录可能被销毁")
    assert r.status == "pending" and r.document is None  # 经行政机关负责人批准
    with pytest.raises(PermissionDenied):
        services.approve_preservation(world.inspector, r)
    r = services.approve_preservation(world.leader, r)
    # 26 September 2025 + 7 working days, 1–8 October off and 28 September, 11 October worked
    assert r.decision_last_day == law.preservation_decision_last_day(date(2025, 9, 26)).value
    assert r.decision_last_day == date(2025, 10, 13)
    rec = Recipients()
    assert list(preservations(date(2025, 9, 29), rec)) == []
    assert list(preservations(date(2025, 10, 11), rec))  # the working day before the last
    with pytest.raises(ValidationError) as exc:
        services.decide_preservation(world.inspector, r, disposal="return", on=date(2025, 10, 14))
    assert "第五十六条" in str(exc.value) and "on" in exc.value.message_dict
    r = services.decide_preservation(world.inspector, r, disposal="return", on=date(2025, 10, 13))
    assert r.decision_document.kind == "preservation_decision"
    assert list(preservations(date(2025, 10, 13), rec)) == []


def test_evidence_documents_render_and_feed_the_case(world, case, tmp_path):
    records = [
        _evidence(world, case, "inquiry"),
        _evidence(world, case, "site", content="二号车间液氨储罐区可燃气体报警装置处于断电状态"),
        _evidence(world, case, "sampling", items=ITEMS, content="抽取样品两份"),
        _evidence(
            world,
            case,
            "appraisal",
            appraiser="四川省特种设备检验研究院",
            content="对压力容器安全状况进行鉴定",
            items=ITEMS[1:],
        ),  # fmt: skip
        services.approve_preservation(
            world.leader,
            _evidence(world, case, "preservation", items=ITEMS, content="记录可能灭失"),
        ),
    ]
    for r in records:
        services.sign_evidence(world.inspector, r, signer=world.inspector)
    services.sign_evidence(world.inspector, records[0], png=PNG, name="王五", id_number=ID_NUMBER)
    docs = [records[0].notice_document] + [r.document for r in records]
    texts = _convert(tmp_path, *docs)
    notice, inquiry, site, sampling, appraisal, preservation = texts
    assert "询问通知书" in notice and "第五十五条" in notice and "王五" in notice
    for needed in ("询问笔录", "川执0001", "记录人", "王五", ID_NUMBER, "四川省遂宁市安居区柔刚街道1号",
                   "我是公司安全管理员", "被询问人（签名）：王五", "2025年9月26日09时30分"):  # fmt: skip
        assert needed in inquiry, needed
    assert "勘验笔录" in site and "报警装置处于断电状态" in site and "第四十六条" in site
    assert "抽样取证凭证" in sampling and "液氨充装设备" in sampling and "第五十六条" in sampling
    assert "鉴定委托书" in appraisal and "四川省特种设备检验研究院" in appraisal
    assert "先行登记保存证据通知书" in preservation and "第五十六条" in preservation
    assert "遂宁市安居区应急管理局" in preservation and world.chem.credit_code in preservation
    case.refresh_from_db()
    for r in records:
        assert r.document.number in case.evidence  # the decision's 证据 reads them
    from anjian.enforcement.evidence import evidence_list

    rows = evidence_list(case)
    assert [row["kind"] for row in rows] == [
        "询问笔录",
        "勘验笔录",
        "抽样取证",
        "鉴定",
        "先行登记保存",
    ]


def test_evidence_files_checked_by_content(world, case):
    r = _evidence(world, case, "site", content="现场照片")
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00not a jpeg", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.add_evidence_files(world.inspector, r, files=[fake])
    assert "files" in exc.value.message_dict
    services.add_evidence_files(
        world.inspector, r, files=[SimpleUploadedFile("sig.png", PNG, content_type="image/png")]
    )
    f = r.files.get()
    assert f.content_type == "image/png" and len(f.sha256) == 64


def test_inquiry_needs_two_officers_and_a_valid_id(world, case):
    with pytest.raises(ValidationError) as exc:
        _evidence(world, case, "inquiry", officers=[world.inspector], subject_id_number="123")
    assert {"officers", "subject_id_number"} <= set(exc.value.message_dict)
    assert not EvidenceRecord.objects.exists()
