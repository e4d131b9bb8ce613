"""Real signatures (issue 15): each signer signs for himself — the 区执法组 with its members'
own accounts (a colleague with his own password or token), the 镇街 on its own account or by
hand on the inspector's device with name and 身份证号; a typed name is never a signature; the
signed content is hashed and the hash printed on the 移交表; every signing is audited."""

import base64

import pytest
from django.core.exceptions import ValidationError
from docx import Document as Docx

from anjian.accounts import signatures
from anjian.accounts.models import ApiToken, Signature
from anjian.audit.models import AuditEntry
from anjian.enforcement import services
from anjian.inspections.tests.conftest import png_bytes, png_data_url
from anjian.testing import ID_NUMBER, PASSWORD

ITEMS = [{"description": "疏散通道堆放杂物", "disposals": ["deadline"]}]


@pytest.fixture(autouse=True)
def chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


@pytest.fixture
def transfer(world):
    return services.create_transfer(
        world.inspector, enterprise=world.food, to_region=world.baima, items=ITEMS
    )


def _docx_text(t) -> str:
    doc = t.documents.get(kind="transfer_form")
    return "\n".join(p.text for p in Docx(doc.docx.path).paragraphs)


def test_a_typed_name_is_never_a_signature(world, transfer):
    # seed 001 / issue 15: the district inspector filled the town side with a typed name
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(world.inspector, transfer, side="local", name="王配合")
    assert "仅填写姓名不是签名" in exc.value.message_dict["signature"][0]
    assert not transfer.signatures.exists() and not transfer.signed


def test_the_town_signs_on_its_own_account(world, transfer):
    services.sign_transfer(world.inspector, transfer, side="team")
    services.sign_transfer(world.town, transfer, side="local", signer=world.town)
    transfer.refresh_from_db()
    assert transfer.signed
    local = transfer.signatures.get(role="local")
    assert (local.user, local.method, local.organisation) == (world.town, "account", "白马镇")
    assert local.content_sha256 == signatures.content_hash(services.transfer_content(transfer))
    entry = AuditEntry.objects.filter(action="transfer.sign_local").get()
    assert entry.after["content_sha256"] == local.content_sha256
    assert local.content_sha256 in _docx_text(transfer)


def test_the_inspector_cannot_sign_as_the_town_account(world, transfer):
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(world.inspector, transfer, side="local", signer=world.town)
    assert "本人输入登录密码" in exc.value.message_dict["password"][0]
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(
            world.inspector, transfer, side="local", signer=world.town, password="wrong"
        )
    assert "password" in exc.value.message_dict
    # the town's clerk enters his own password on the inspector's device: he signs himself
    services.sign_transfer(
        world.inspector, transfer, side="local", signer=world.town, password=PASSWORD
    )
    assert transfer.signatures.get(role="local").method == "password"


def test_another_town_cannot_sign_for_the_receiving_town(world, transfer):
    from anjian.accounts.models import Role
    from anjian.conftest import make_user

    rougang = make_user("rougang2", Role.TOWN, region=world.rougang)
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(world.inspector, transfer, side="local", signer=rougang,
                               password=PASSWORD)  # fmt: skip
    assert "白马镇" in exc.value.message_dict["signer"][0]


def test_the_town_signs_by_hand_on_the_device_with_id_number(world, transfer):
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(world.inspector, transfer, side="local", name="王配合",
                               id_number="110105194912310021", png=png_data_url())  # fmt: skip
    assert "校验码" in exc.value.message_dict["id_number"][0]
    with pytest.raises(ValidationError) as exc:
        services.sign_transfer(world.inspector, transfer, side="local", name="王配合",
                               id_number=ID_NUMBER, png="data:image/png;base64,"
                               + base64.b64encode(b"GIF89a" + b"\0" * 20).decode())  # fmt: skip
    assert "PNG" in exc.value.message_dict["signature"][0]
    services.sign_transfer(world.inspector, transfer, side="local", name="王配合",
                           id_number=ID_NUMBER.lower(), png=png_data_url())  # fmt: skip
    s = transfer.signatures.get(role="local")
    assert (s.method, s.user, s.name, s.id_number) == ("device", None, "王配合", ID_NUMBER)
    assert bytes(s.png) == png_bytes() and s.recorded_by == world.inspector
    text = _docx_text(transfer)
    assert "王配合" in text and s.id_masked in text and ID_NUMBER not in text
    pdf = transfer.documents.get(kind="transfer_form").pdf.open("rb").read(5)
    assert pdf == b"%PDF-"


def test_a_colleague_signs_for_the_team_with_his_own_password_or_token(world, transfer):
    with pytest.raises(ValidationError):
        services.sign_transfer(world.inspector, transfer, side="team", signer=world.leader)
    _, raw = ApiToken.issue(world.leader, "test")
    services.sign_transfer(world.inspector, transfer, side="team", signer=world.leader,
                           token=raw)  # fmt: skip
    services.sign_transfer(world.inspector, transfer, side="team")
    methods = sorted(s.method for s in transfer.signatures.filter(role="team"))
    assert methods == ["account", "token"]
    with pytest.raises(ValidationError) as exc:  # not of the issuing department
        services.sign_transfer(world.inspector, transfer, side="team", signer=world.builder,
                               password=PASSWORD)  # fmt: skip
    assert "signer" in exc.value.message_dict


def test_a_changed_form_no_longer_matches_its_signatures_hash(world, transfer):
    services.sign_transfer(world.inspector, transfer, side="team")
    s = Signature.objects.get(role="team")
    item = transfer.items.get()
    item.description = "改过的问题描述"
    item.save()
    assert s.content_sha256 != signatures.content_hash(services.transfer_content(transfer))


def test_signing_through_the_page_and_the_api(client, world, transfer):
    from django.urls import reverse

    client.force_login(world.town)
    url = reverse("enforcement:transfer_action", args=[transfer.pk, "sign"])
    r = client.post(url, {"side": "local", "name": "王配合"})  # a typed name: refused
    assert r.status_code == 400 and "仅填写姓名不是签名" in r.content.decode()
    page = client.get(transfer.get_absolute_url()).content.decode()
    assert 'id="sign-town"' in page and 'name="name"' not in page.split('id="sign-town"')[1][:400]
    r = client.post(url, {"side": "local", "signer": world.town.pk})
    assert r.status_code == 302 and transfer.signatures.get().user == world.town
    _, raw = ApiToken.issue(world.inspector, "api")
    r = client.post(
        f"/api/enforcement/transfers/{transfer.pk}/signatures",
        {"side": "team"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["signed"] and {x["side"] for x in body["signatures"]} == {"team", "local"}
    assert all(len(x["content_sha256"]) == 64 for x in body["signatures"])


# ----------------------------------------------------------- 受送达人签收 on a served document


@pytest.fixture
def decision(world, finding):
    from anjian.enforcement.tests.helpers import decided

    case = decided(world, finding)
    return case.documents.get(kind="penalty_decision")


def test_the_party_signs_a_served_document_by_hand(world, decision):
    with pytest.raises(ValidationError) as exc:  # a typed name: refused
        services.sign_document(world.inspector, decision, name="王厂长")
    assert "仅填写姓名不是签名" in exc.value.message_dict["signature"][0]
    services.sign_document(world.inspector, decision, name="王厂长", id_number=ID_NUMBER,
                           png=png_data_url())  # fmt: skip
    s = decision.signatures.get()
    assert (s.role, s.method, s.organisation) == ("party", "device", decision.enterprise.name)
    from anjian.enforcement import documents

    assert s.content_sha256 == signatures.content_hash(documents.signed_content(decision))
    decision.refresh_from_db()
    text = "\n".join(p.text for p in Docx(decision.docx.path).paragraphs)
    assert "受送达人（签名）：王厂长" in text and s.content_sha256 in text
    assert AuditEntry.objects.filter(action="document.sign_party").count() == 1


def test_the_party_signs_with_its_own_account_not_another(world, decision):
    owner = world.ent_user if world.ent_user.enterprise_id == decision.enterprise_id else None
    if owner is None:
        from anjian.accounts.models import Role
        from anjian.conftest import make_user

        owner = make_user("party1", Role.ENTERPRISE, enterprise=decision.enterprise,
                          region=world.baima)  # fmt: skip
    with pytest.raises(ValidationError):  # on the officer's device without its password
        services.sign_document(world.inspector, decision, signer=owner)
    services.sign_document(world.inspector, decision, signer=owner, password=PASSWORD)
    assert decision.signatures.get().method == "password"
    with pytest.raises(ValidationError) as exc:  # an officer is not the party
        services.sign_document(world.inspector, decision, signer=world.inspector)
    assert "signer" in exc.value.message_dict


def test_a_document_not_served_on_the_party_takes_no_party_signature(world, decision):
    filing = decision.case.documents.get(kind="filing_approval")
    with pytest.raises(ValidationError) as exc:
        services.sign_document(world.inspector, filing, name="王厂长", id_number=ID_NUMBER,
                               png=png_data_url())  # fmt: skip
    assert "kind" in exc.value.message_dict


def test_the_party_signs_on_the_case_page(client, world, decision):
    from django.urls import reverse

    client.force_login(world.inspector)
    page = client.get(decision.case.get_absolute_url()).content.decode()
    assert f'id="party-sign-{decision.pk}"' in page
    url = reverse("enforcement:document_sign", args=[decision.pk])
    r = client.post(url, {"name": "王厂长"})
    assert r.status_code == 302 and not decision.signatures.exists()
    r = client.post(url, {"name": "王厂长", "id_number": ID_NUMBER, "png": png_data_url()})
    assert r.status_code == 302 and decision.signatures.get().name == "王厂长"


def test_the_inspection_record_prints_its_signatures_and_hashes(world):
    from django.db import transaction

    from anjian.enforcement import documents
    from anjian.inspections import services as inspections

    from .conftest import make_finding

    insp = make_finding(world, sign=False).inspection
    inspections.sign(world.inspector, insp, role="inspector", png=png_data_url())
    inspections.sign(world.inspector, insp, role="enterprise", png=png_data_url(),
                     name="王厂长", id_number=ID_NUMBER)  # fmt: skip
    with transaction.atomic():
        doc = documents.create(world.inspector, "inspection_record", department=world.yjj,
                               enterprise=insp.enterprise, inspection=insp)  # fmt: skip
    text = "\n".join(p.text for p in Docx(doc.docx.path).paragraphs)
    assert f"检查人员（签名）：{world.inspector.display_name}" in text
    assert "被检查单位现场负责人（签名）：王厂长" in text
    for s in insp.signatures.all():
        assert s.content_sha256 in text
    assert doc.pdf.open("rb").read(5) == b"%PDF-"
