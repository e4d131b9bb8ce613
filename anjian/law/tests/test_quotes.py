"""Every quotation in corner brackets in a law test's docstring is copied from a statute text in
anjian/sources/law: the tests quote the sentence they test, and a typo or a paraphrase inside the
brackets fails here. 民法典 is not among the texts; its rules are quoted from periods.CIVIL_CODE_*.
"""

import ast
import re
from pathlib import Path

from anjian import sources
from anjian.law import CIVIL_CODE_201, CIVIL_CODE_202, CIVIL_CODE_203

TESTS = Path(__file__).resolve().parent
QUOTE = re.compile(r"「(.+?)」", re.DOTALL)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _statutes() -> str:
    texts = [path.read_text("utf-8") for path in sorted(sources.path("law").rglob("*.md"))]
    texts += [CIVIL_CODE_201, CIVIL_CODE_202, CIVIL_CODE_203]
    return _flat("\n".join(texts))


def _docstring_quotes():
    for path in sorted(TESTS.glob("test_*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.Module):
                for quote in QUOTE.findall(ast.get_docstring(node) or ""):
                    yield f"{path.name}:{getattr(node, 'name', '')}", quote


def test_quotations_are_copied_from_the_statutes():
    statutes = _statutes()
    quotes = list(_docstring_quotes())
    assert len(quotes) > 20
    wrong = [(where, quote) for where, quote in quotes if _flat(quote) not in statutes]
    assert wrong == []
