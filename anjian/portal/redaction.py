"""The redaction rule of the 执法公示 (个人信息保护法第二十八条、行政处罚法第四十八条第二款):

* a natural person's name is masked (张三 → 张*), wherever it stands: as a party, as the
  enterprise's 法定代表人, and inside the free text of the facts;
* an ID number (居民身份证号码, 18 or 15 digits) never appears: it is removed from any text;
* a person's address never appears: the text after 住址/家住/现住/户籍地… up to the next
  punctuation is removed; a mobile number is masked to its first three and last four digits.

Enterprises (legal entities) keep their name and 统一社会信用代码, which the law publishes.
The rule is applied once, when a record is published; pages read the stored result.
"""

import re
from datetime import date
from decimal import Decimal

from anjian.enforcement.services.publication import decision_number, mask_name

REMOVED = "［已删除］"

_ID = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_ADDRESS = re.compile(
    r"(家庭住址|户籍地址|户籍所在地|户籍地|居住地址|居住地|住址|家住|现住|住所地|住所)"
    r"([:：]?\s*(?:为|是|在|于)?)[^，。；,;）)\n]*"
)


def _birth_date_ok(s: str) -> bool:
    digits = s[6:14] if len(s) == 18 else "19" + s[6:12]
    try:
        date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def looks_like_id_number(s: str) -> bool:
    """A 居民身份证号码 by its shape and birth date (the checksum is not required: a mistyped
    number is still a person's number)."""
    return bool(_ID.fullmatch(s)) and s[0] in "12345678" and _birth_date_ok(s)


def scrub(text: str, names=()) -> str:
    """Free text as it may be published: ID numbers and persons' addresses removed, mobile
    numbers and the given persons' names masked."""
    text = text or ""
    text = _ID.sub(lambda m: REMOVED if looks_like_id_number(m.group(1)) else m.group(0), text)
    text = _ADDRESS.sub(lambda m: m.group(1) + m.group(2) + REMOVED, text)
    text = _PHONE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
    for name in sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True):
        text = text.replace(name, mask_name(name))
    return text


def person_names(case) -> list[str]:
    """Every natural person a case's text may name: its person parties, the enterprise's
    法定代表人 and registered people, the inspection's 现场负责人, the case handlers."""
    names = [p.name for p in case.parties.all() if p.kind != "enterprise"]
    ent = case.enterprise
    names.append(ent.legal_representative)
    names += list(ent.people.values_list("name", flat=True))
    if case.inspection_id:
        names.append(case.inspection.enterprise_rep)
    names += [u.full_name for u in case.handlers.all()]
    return [n for n in names if n]


def _money(v) -> str:
    return str(Decimal(v or 0).quantize(Decimal("0.01")))


def decision_record(case) -> dict:
    """The published record of a decided case (everything the portal and the API show)."""
    names = person_names(case)
    ent = case.enterprise
    parties = []
    for p in case.parties.all():
        person = p.kind != "enterprise"
        parties.append(
            {
                "kind": p.kind,
                "name": mask_name(p.name) if person else scrub(p.name, names),
                "position": scrub(p.position, names),
                "article": scrub(p.article, names),
                "fine": _money(p.fine),
                "other_penalties": scrub(p.other_penalties, names),
            }
        )
    return {
        "number": scrub(decision_number(case), names),
        "title": scrub(case.title, names),
        "facts": scrub(case.facts, names),
        "department": case.department.name,
        "department_code": case.department.code,
        "region_code": case.region_code,
        "decided_on": case.decided_on.isoformat(),
        "enterprise": {
            "name": ent.name,
            "credit_code": ent.credit_code,
            "legal_representative": mask_name(ent.legal_representative),
        },
        "parties": parties,
        "total_fine": _money(sum((p.fine or 0) for p in case.parties.all())),
    }
