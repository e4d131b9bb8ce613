"""Shared pieces of the all-or-nothing Excel imports (per-row errors)."""

from dataclasses import dataclass, field


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    total: int = 0
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def cell_text(v) -> str:
    """A cell as trimmed text; whole floats (Excel's numbers) without the trailing .0."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()
