"""统一社会信用代码 (GB 32100-2015): validation and generation.

18 characters: registration authority (1), organisation type (1), 行政区划 code (6),
organisation code (9), check character (1). The check character is computed over the first
17 with weights 3^i mod 31 from the 31-character set that omits I, O, Z, S, V.
"""

import random

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
_VALUE = {c: i for i, c in enumerate(CHARSET)}


def check_char(first17: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def problem(code: str) -> str | None:
    """Why `code` is not a valid credit code, in Chinese, or None if it is valid."""
    if code is None or code == "":
        return "不能为空"
    code = code.strip().upper()
    if len(code) != 18:
        return f"应为18位，实为{len(code)}位"
    bad = [c for c in code if c not in _VALUE]
    if bad:
        return f"含有不允许的字符“{bad[0]}”（不使用 I、O、Z、S、V）"
    if not code[2:8].isdigit():
        return "第3–8位应为行政区划代码（数字）"
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"校验码错误（第18位应为 {expected}）"
    return None


def is_valid(code: str) -> bool:
    return problem(code) is None


# GB 11714 organisation-code check digit, for realistic generated codes.
_ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]


def _org_check(first8: str) -> str:
    total = sum(_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    v = 11 - total % 11
    return {10: "X", 11: "0"}.get(v, str(v))


def generate(rng: random.Random, division: str = "510904", org_type: str = "91") -> str:
    body = "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
    org = body + _org_check(body)
    if org[-1] == "X":  # X is not in the GB 32100 set
        return generate(rng, division, org_type)
    first17 = org_type + division + org
    return first17 + check_char(first17)
