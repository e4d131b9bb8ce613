"""The 双随机 draw as a pure function of its published inputs (algorithm "anjian-draw-v1").

Anyone holding the published seed, candidate list, inspector pool and rules can recompute the
result with this file alone (no database, no Django):

1. ``rng = random.Random(seed)`` with the seed string (Python's version-2 string seeding,
   stable across Python 3 releases). Only ``rng.randrange(n)`` is used, which is also stable.
2. Candidates (enterprises of the department's 一般检查 list after the sector/town filter) are
   sorted by enterprise id; the pool (the department's enforcement staff) is sorted by user id.
3. Enterprises are taken one at a time by a *partial Fisher–Yates shuffle*: at step i, pick
   j = i + rng.randrange(n - i), swap positions i and j, and consider candidate i.
4. For that enterprise the eligible inspectors are the pool members (in id order) who
   - hold a 执法证 valid on the inspection date (cert_no set and cert_expiry >= date),
   - in 异地互查 (``cross_town``), do not have the enterprise's town as their home town,
   - were not on the team of the enterprise's last inspection (``last_inspectors``).
   If fewer than ``team_size`` are eligible the enterprise is recorded as skipped (with the
   reason) and the next one is drawn; otherwise ``team_size`` inspectors are chosen from the
   eligible list by the same partial Fisher–Yates shuffle on the same rng.
5. Stop when k enterprises are assigned or the candidates are exhausted.

Cost: copying the candidate list is O(n); each step is O(pool). Total O(n + steps · pool),
i.e. linear in the number of candidates for a fixed pool.
"""

from __future__ import annotations

import hashlib
import json
import random
from datetime import date

ALGORITHM = "anjian-draw-v1"


def canonical(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def input_digest(
    *,
    seed: str,
    candidates,
    pool,
    rules,
    k: int,
    team_size: int,
    day: str,
    candidates_json: str | None = None,
) -> str:
    """SHA-256 of the canonical JSON of every input of the draw.

    `candidates_json`, when given, must be `canonical(candidates)`: a caller that has already
    serialised the (large) candidate list passes it in so it is not serialised twice. The
    digested text is byte-for-byte the same either way.
    """
    payload = {
        "algorithm": ALGORITHM,
        "seed": seed,
        "candidates": None,
        "pool": pool,
        "rules": rules,
        "k": k,
        "team_size": team_size,
        "date": day,
    }
    if candidates_json is None:
        candidates_json = canonical(candidates)
    # Keys are sorted and "algorithm" (a fixed string) is the only key before "candidates",
    # so the first '"candidates":null' is that key's value.
    text = canonical(payload).replace('"candidates":null', '"candidates":' + candidates_json, 1)
    return hashlib.sha256(text.encode()).hexdigest()


def ineligibility(person: dict, ent: dict, day: str, rules: dict) -> str | None:
    """Why `person` may not inspect `ent` on `day` (ISO date), or None if eligible."""
    if not person.get("cert_no") or not person.get("cert_expiry"):
        return "未登记执法证"
    if person["cert_expiry"] < day:
        return f"执法证已于{person['cert_expiry']}过期"
    if rules.get("cross_town") and person.get("home_town") and person["home_town"] == ent["town"]:
        return "异地互查回避本镇街企业"
    if rules.get("avoid_last", True) and person["id"] in ent.get("last_inspectors", []):
        return "上次检查该企业的执法人员回避"
    return None


def run_draw(
    *,
    seed: str,
    candidates: list[dict],
    pool: list[dict],
    rules: dict,
    k: int,
    team_size: int,
    day: date | str,
) -> dict:
    """Return {"assignments": [{"enterprise", "name", "town", "inspectors"}], "skipped": [...]}."""
    day = day.isoformat() if isinstance(day, date) else day
    rng = random.Random(seed)
    ents = sorted(candidates, key=lambda c: c["id"])
    people = sorted(pool, key=lambda p: p["id"])
    assignments: list[dict] = []
    skipped: list[dict] = []
    n = len(ents)
    i = 0
    while i < n and len(assignments) < k:
        j = i + rng.randrange(n - i)
        ents[i], ents[j] = ents[j], ents[i]
        ent = ents[i]
        i += 1
        eligible = [p for p in people if ineligibility(p, ent, day, rules) is None]
        if len(eligible) < team_size:
            skipped.append(
                {
                    "enterprise": ent["id"],
                    "name": ent.get("name", ""),
                    "reason": "符合回避规则的执法人员不足",
                }
            )
            continue
        team = []
        m = len(eligible)
        for t in range(team_size):
            u = t + rng.randrange(m - t)
            eligible[t], eligible[u] = eligible[u], eligible[t]
            team.append(eligible[t]["id"])
        assignments.append(
            {
                "enterprise": ent["id"],
                "name": ent.get("name", ""),
                "town": ent.get("town", ""),
                "inspectors": team,
            }
        )
    return {"assignments": assignments, "skipped": skipped}
