"""The one signature mechanism: 身份证号 checksum, PNG checked by content, canonical hash."""

import pytest
from django.core.exceptions import ValidationError

from anjian.accounts import signatures
from anjian.testing import ID_NUMBER


@pytest.mark.parametrize(
    "value, problem",
    [
        (ID_NUMBER, ""),
        ("330102199001011234", ""),
        ("11010519491231002x", ""),
        ("110105194912310021", "校验码"),
        ("11010519491331002X", "出生日期"),
        ("1101051949123100", "18位"),
        ("11010519491231002Y", "18位"),
    ],
)
def test_id_number_checksum(value, problem):
    found = signatures.id_number_problem(value)
    assert (problem in found) if problem else found == ""


def test_png_is_checked_by_content():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 30
    assert signatures.decode_png(png) == png
    for bad, msg in [(b"", "请先"), (b"GIF89a" + b"\0" * 30, "PNG"), ("data:,%%%", "无效")]:
        with pytest.raises(ValidationError) as exc:
            signatures.decode_png(bad)
        assert msg in exc.value.message_dict["signature"][0]


def test_canonical_hash_ignores_key_order_but_not_values():
    a = signatures.content_hash({"a": 1, "b": ["x", "中"]})
    assert a == signatures.content_hash({"b": ["x", "中"], "a": 1})
    assert a != signatures.content_hash({"a": 2, "b": ["x", "中"]})
    assert len(a) == 64


def test_a_colleague_confirms_with_his_own_password_or_live_token_only(world):
    from anjian.accounts.models import ApiToken

    by, other = world.inspector, world.leader
    assert signatures.verify(by, by) == "account"
    assert signatures.verify(by, other, password="Test@Passw0rd!") == "password"
    token, raw = ApiToken.issue(other, "t")
    assert signatures.verify(by, other, token=raw) == "token"
    _, mine = ApiToken.issue(by, "mine")
    for kwargs in ({}, {"password": "wrong"}, {"token": mine}):  # not his: refused
        with pytest.raises(ValidationError) as exc:
            signatures.verify(by, other, **kwargs)
        assert "password" in exc.value.message_dict
    token.revoked = True
    token.save()
    with pytest.raises(ValidationError):
        signatures.verify(by, other, token=raw)
    other.is_active = False
    with pytest.raises(ValidationError) as exc:
        signatures.verify(by, other, password="Test@Passw0rd!")
    assert "signer" in exc.value.message_dict


def test_signing_is_audited_with_the_content_hash(world):
    from anjian.audit.models import AuditEntry

    target = world.food
    content = {"record": target.pk, "text": "内容"}
    sig = signatures.sign(world.inspector, target, role="party", content=content,
                          action="test.sign", name="王厂长", id_number=ID_NUMBER,
                          png=b"\x89PNG\r\n\x1a\n" + b"\0" * 30)  # fmt: skip
    assert signatures.matches(sig, content) and not signatures.matches(sig, {**content, "x": 1})
    entry = AuditEntry.objects.get(action="test.sign")
    assert entry.after["content_sha256"] == sig.content_sha256
    assert entry.after["id_number"] == sig.id_masked != ID_NUMBER
    assert list(signatures.for_target(target)) == [sig]
