"""H5 duplicates: an identical hazard still open at the same enterprise.

A repeat (`services._link_previous`) is the same hazard found again after it was closed; a
duplicate is the same hazard entered while the first is still open. A ledger that holds the
same open hazard twice has two rectifications, two deadlines and double counts in every
statistic, so a report that duplicates an open hazard is refused with a message naming the
existing one, unless the reporter marks it as a new occurrence (then it is linked to it).

"The same": at the same enterprise and a compatible location (the same after normalization,
or one of them not given), with the same 判定标准 item, the same checklist item, or a
near-identical description (after normalization: full-width/half-width folded, case,
whitespace and punctuation removed; identical, or a similarity ratio of at least
`SIMILAR`). A government finding of a hazard the enterprise has self-reported is no
duplicate: it is the H4 self-report link (`Hazard.self_report`).
"""

import difflib
import unicodedata

SIMILAR = 0.9
MIN_FUZZY = 8  # shorter texts must be identical after normalization


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PZSC")


def similar(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return False
    if a == b:
        return True
    if min(len(a), len(b)) < MIN_FUZZY:
        return False
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


def _same_place(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    return not a or not b or a == b


def same(new, old) -> bool:
    """Whether the unsaved hazard `new` is the same hazard as `old` (same enterprise)."""
    if not _same_place(new.location, old.location):
        return False
    if new.criterion_id and new.criterion_id == old.criterion_id:
        return True
    if new.checklist_item_id and new.checklist_item_id == old.checklist_item_id:
        return True
    return similar(new.description, old.description)


def open_duplicate(new):
    """The earliest open hazard at the enterprise that `new` duplicates, or None."""
    from .models import Hazard

    candidates = Hazard.objects.filter(enterprise_id=new.enterprise_id).exclude(status="closed")
    if new.pk:
        candidates = candidates.exclude(pk=new.pk)
    if new.source != "self":
        candidates = candidates.exclude(source="self")  # the H4 self-report link instead
    for old in candidates.only(
        "id", "description", "location", "criterion_id", "checklist_item_id", "found_at"
    ).order_by("found_at", "id"):
        if same(new, old):
            return old
    return None
