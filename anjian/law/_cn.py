"""Chinese numerals and statute citations (e.g. 安全生产法第一百零三条第三款)."""

_DIGITS = "零一二三四五六七八九"

SPL = "安全生产法"
REGULATION = "生产安全事故报告和调查处理条例"
APL = "行政处罚法"
ACL = "行政强制法"


def cn_number(n: int) -> str:
    """Write 1–999 the way statutes number articles: 十, 十二, 九十, 一百零一, 一百一十四."""
    if not 0 < n < 1000:
        raise ValueError(f"article number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    out = ""
    if hundreds:
        out = _DIGITS[hundreds] + "百"
        if rest == 0:
            return out
        if tens == 0:
            return out + "零" + _DIGITS[units]
        out += _DIGITS[tens] + "十"
    elif tens:
        out = ("" if tens == 1 else _DIGITS[tens]) + "十"
    if units:
        out += _DIGITS[units]
    return out


def cite(law: str, article: int, paragraph: int | None = None, item: int | None = None) -> str:
    """Citation string such as 安全生产法第九十七条第二项."""
    text = f"{law}第{cn_number(article)}条"
    if paragraph:
        text += f"第{cn_number(paragraph)}款"
    if item:
        text += f"第{cn_number(item)}项"
    return text


def spl(article: int, paragraph: int | None = None, item: int | None = None) -> str:
    return cite(SPL, article, paragraph, item)


def yuan(amount: object) -> str:
    """Human-readable amount for reasons, e.g. 100,000元."""
    return f"{amount:,}元"
