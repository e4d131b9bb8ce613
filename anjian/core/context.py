"""Request-scoped context (who, from where) for audit entries, and template context."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip: str = ""
    user_agent: str = ""


_EMPTY = RequestMeta()
_meta: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar(
    "anjian_request_meta", default=None
)


def current_meta() -> RequestMeta:
    return _meta.get() or _EMPTY


def set_meta(meta: RequestMeta):
    return _meta.set(meta)


def reset_meta(token) -> None:
    _meta.reset(token)


TILE_CAP = 999


def count_upto(qs, cap: int) -> int:
    """The number of rows, counted no further than cap + 1 (COUNT over a LIMIT subquery). Rows
    of the model are counted by id only, without the annotations computed for each row; a
    values(), grouped or distinct queryset is counted as it is."""
    qs = qs.order_by()
    if qs._fields is None and not qs.query.group_by and not qs.query.distinct:
        qs = qs.values("pk")
    return qs[: cap + 1].count()


def capped_count(qs, cap: int = TILE_CAP):
    """A workbench figure that stays cheap on millions of rows: the count up to `cap`, else
    the string "999+"."""
    n = count_upto(qs, cap)
    return f"{cap}+" if n > cap else n
