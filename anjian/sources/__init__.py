"""The source documents, copied into the tree so that nothing reads outside it.

`seeds/` holds the five local-government notices the system is built from and `law/` the
statute texts (public LawRefBook/Laws collection) with the 判定标准 texts; both are byte-for-byte
copies of the project's `shared/seeds` and `shared/law` folders (README.md here says more).
Plain Python, no web framework: the law package reads statute texts through it as well.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """A file of the copied sources, e.g. ``path("seeds", "000_dfd22421fa8168ad.txt")``."""
    return ROOT.joinpath(*parts)


def read(*parts: str) -> str:
    return path(*parts).read_text(encoding="utf-8")
