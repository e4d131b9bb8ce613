"""The copied source documents against the manifest and, in CI, against the originals.

The `sources` tests run only when asked for (`pytest -m sources`, as `.ci/run` does with
ANJIAN_SHARED_DIR pointing at the project's shared folder) and fail when that folder is absent.
"""

import hashlib
import os
from pathlib import Path

import pytest

from anjian import sources


def _manifest() -> dict[str, str]:
    lines = sources.path("MANIFEST.sha256").read_text("utf-8").splitlines()
    return {name.removeprefix("./"): digest for digest, name in (ln.split("  ", 1) for ln in lines)}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_copied_source_matches_its_manifest_entry():
    manifest = _manifest()
    copied = {
        str(p.relative_to(sources.ROOT))
        for p in sources.ROOT.rglob("*")
        if p.is_file() and p.suffix != ".py" and p.name != "MANIFEST.sha256"
        and str(p.relative_to(sources.ROOT)) != "README.md" and "__pycache__" not in p.parts
    }  # fmt: skip
    assert copied == set(manifest)
    for name, digest in manifest.items():
        assert _sha(sources.path(name)) == digest, name


@pytest.fixture
def shared_dir() -> Path:
    where = os.environ.get("ANJIAN_SHARED_DIR")
    if not where:
        pytest.fail("ANJIAN_SHARED_DIR is not set: the sources check needs the shared folder")
    path = Path(where)
    if not (path / "seeds").is_dir() or not (path / "law").is_dir():
        pytest.fail(f"{path} has no seeds/ and law/: the sources check needs the shared folder")
    return path


@pytest.mark.sources
def test_copies_equal_the_originals_and_none_is_missing(shared_dir):
    manifest = _manifest()
    originals = {
        str(p.relative_to(shared_dir))
        for folder in ("seeds", "law")
        for p in (shared_dir / folder).rglob("*")
        if p.is_file()
    }
    assert originals == set(manifest), "a source in shared/ has no copy in anjian/sources"
    for name in sorted(originals):
        assert _sha(shared_dir / name) == _sha(sources.path(name)), f"{name} differs from shared/"
