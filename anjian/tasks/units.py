"""Resolve the seeds' 责任单位/责任部室 text to `Unit`s.

Seed texts list units with `，` between groups and `、` within a group, e.g.
`区委办，各镇（街道）党委（党工委）、各管委会、区级有关部门党委（组）、区属国有企业党委`.

* A department matches by name or short name (区应急局 / 应急局), also with the party
  suffix (党委、党组、党委（组）) removed.
* A town/street/park matches by its region name (also `XX镇人民政府`, `XX街道办事处`,
  `XX镇党委`).
* `区安委办`, `安委办`, `区安办`, `区安委会` mean the county's 安委办.
* Collective words expand: `各镇（街道）…`, `各镇街`, `各镇` → every town and street of the
  county; `各管委会`, `各园区` → every park.
* Parties that are not units of this system (enterprises: `园区各企业`, `区属国有企业…`;
  unspecified departments: `区级有关部门…`, `相关区级部门`; anything after `必要时`) are kept
  in the text but assign nobody. A row whose text names no unit at all falls to the list's
  issuing unit (its region: the 安委办 of a county, or a park's office), which tracks it.
* Anything else is an unknown unit: a per-row error.
"""

import re

from anjian.accounts.models import Department, Region

from .models import Unit

AWB_WORDS = {"区安委办", "安委办", "区安办", "区安委会", "区安委会办公室", "安委会办公室"}
TOWNS_WORDS = ("各镇（街道）", "各镇(街道)", "各镇街", "各镇、街道", "各镇街道", "各镇")
PARK_WORDS = ("各管委会", "各园区")
PARTY_SUFFIXES = ("党委（党工委）", "党委（组）", "党委(组)", "党工委", "党委", "党组")
REGION_SUFFIXES = ("人民政府", "办事处", "管委会")


def _is_generic(token: str) -> bool:
    return (
        "企业" in token
        or token.startswith("区级")
        or token.endswith("有关部门")
        or token.endswith("相关部门")
        or "相关区级部门" in token
        or token in ("有关单位", "相关单位", "各部门", "各单位")
    )


class UnitResolver:
    def __init__(self, county: Region):
        self.county = county
        prefix = county.code[:6]
        self.departments: dict[str, Department] = {}
        for d in Department.objects.filter(region__code__startswith=prefix).order_by("id"):
            for key in {d.name, d.short_name, d.name.removeprefix("区"), "区" + d.short_name}:
                if key:
                    self.departments.setdefault(key, d)
        towns = Region.objects.filter(code__startswith=prefix, level="town").order_by("code")
        self.towns = {r.name: r for r in towns}
        self.streets_and_towns = [r for r in towns if r.kind in ("town", "street")]
        self.parks = [r for r in towns if r.kind == "park"]

    def _strip(self, token: str, suffixes) -> str:
        for s in suffixes:
            if token.endswith(s) and len(token) > len(s):
                return token[: -len(s)]
        return token

    def match(self, token: str) -> list[Unit] | None:
        """Units for one token; [] for a generic party; None when unknown."""
        if token in AWB_WORDS:
            return [Unit.of_region(self.county)]
        for w in TOWNS_WORDS:
            if token.startswith(w):
                return [Unit.of_region(r) for r in self.streets_and_towns]
        for w in PARK_WORDS:
            if token.startswith(w):
                return [Unit.of_region(r) for r in self.parks]
        base = self._strip(token, PARTY_SUFFIXES)
        for key in (token, base):
            if key in self.departments:
                return [Unit.of_department(self.departments[key])]
            if key in self.towns:
                return [Unit.of_region(self.towns[key])]
        base = self._strip(base, REGION_SUFFIXES)
        if base in self.towns:
            return [Unit.of_region(self.towns[base])]
        if _is_generic(token):
            return []
        return None

    def suggest(self, token: str) -> str:
        for name in list(self.departments) + list(self.towns):
            if len(name) >= 3 and (name in token or token in name):
                return name
        return ""

    def resolve(self, text: str) -> tuple[list[Unit], list[str]]:
        """(units, error messages) for one cell."""
        t = (text or "").strip()
        t = re.split(r"[；;]?\s*必要时", t)[0]
        tokens = [s.strip() for s in re.split(r"[，,、；;\s/]+", t) if s.strip()]
        units: list[Unit] = []
        errors: list[str] = []
        for tok in tokens:
            found = self.match(tok)
            if found is None:
                hint = self.suggest(tok)
                errors.append(f"未知的责任单位“{tok}”" + (f"（是否为“{hint}”？）" if hint else ""))
                continue
            for u in found:
                if u not in units:
                    units.append(u)
        return units, errors
