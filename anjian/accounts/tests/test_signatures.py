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
