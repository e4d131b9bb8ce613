import random

import pytest

from anjian.registry import creditcode

REAL = ["91350100M000100Y43", "91110000802100433B", "91440300708461136T"]


@pytest.mark.parametrize("code", REAL)
def test_published_codes_are_valid(code):
    assert creditcode.problem(code) is None


def test_wrong_check_character_named():
    assert "校验码" in creditcode.problem("91350100M000100Y44")


@pytest.mark.parametrize(
    "code,fragment",
    [
        ("", "不能为空"),
        ("9135010", "18位"),
        ("91350100M000100YI3", "不允许的字符"),
        ("91AB0100M000100Y43", "行政区划"),
    ],
)
def test_malformed(code, fragment):
    assert fragment in creditcode.problem(code)


def test_generated_codes_valid_and_distinct():
    rng = random.Random(1)
    codes = {creditcode.generate(rng) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(creditcode.is_valid(c) for c in codes)
