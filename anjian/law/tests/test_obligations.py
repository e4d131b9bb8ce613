"""The violated (duty) provisions: every reference names a paragraph whose text holds its
phrase, in the statute as copied into anjian/sources/law."""

import re

from anjian import sources
from anjian.law import VIOLATIONS, obligations
from anjian.law._cn import REGULATION, SPL, cn_number

FILES = {
    SPL: "安全生产法(2021-06-10).md",
    REGULATION: "生产安全事故报告和调查处理条例(2007-04-09).md",
}


def _paragraphs(law: str) -> dict[int, list[str]]:
    """Article number → its paragraphs (items stay inside their paragraph)."""
    text = sources.read("law", FILES[law])
    numbers = {f"第{cn_number(n)}条": n for n in range(1, 200)}
    out: dict[int, list[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = re.match(r"^(第[一二三四五六七八九十百零]+条)\s*(.*)", line)
        if m and m.group(1) in numbers:
            current = numbers[m.group(1)]
            out[current] = [m.group(2)]
        elif current is not None:
            if re.match(r"^（[一二三四五六七八九十]+）", line):
                out[current][-1] += line
            else:
                out[current].append(line)
    return out


def test_every_reference_is_the_paragraph_that_says_it():
    texts = {law: _paragraphs(law) for law in FILES}
    for code, refs in obligations.OBLIGATIONS.items():
        assert code in VIOLATIONS, code
        for ref in refs:
            paras = texts[ref.law][ref.article]
            where = paras[ref.paragraph - 1] if ref.paragraph else "".join(paras)
            assert ref.phrase and ref.phrase in where, (code, ref.citation)


def test_violated_citation_is_separate_from_the_penalty_article():
    assert obligations.violated_citation("SPL-97-3") == "安全生产法第二十八条第一款"
    assert VIOLATIONS["SPL-97-3"].citation == "安全生产法第九十七条第三项"
    assert obligations.violated_citation("SPL-99-2") == "安全生产法第三十六条第一款"
    # two duties in one item: the law is named once
    assert obligations.violated_citation("SPL-97-1") == "安全生产法第二十四条"
    assert [r.citation for r in obligations.violated("SPL-97-3", alternatives=True)][-1] == (
        "安全生产法第四十四条第一款"
    )
    # no single duty article: the decision cites the penalty article only
    assert obligations.violated_citation("SPL-113-1") == ""


def test_every_enterprise_violation_of_the_law_has_its_duty():
    """Each violation a 生产经营单位 or its people commit (第九十三条–第一百一十条) names the duty."""
    missing = [
        c
        for c, v in VIOLATIONS.items()
        if v.law == SPL
        and 93 <= v.article <= 110
        and v.article != 111
        and c not in obligations.OBLIGATIONS
    ]
    assert missing == []
