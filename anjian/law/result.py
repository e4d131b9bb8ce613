"""The common answer type: a value together with the reasons and the articles applied."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Result(Generic[T]):
    value: T
    reasons: tuple[str, ...]
    articles: tuple[str, ...]


class Trace:
    """Collects reasons and articles (deduplicated, in order) while a rule is evaluated."""

    def __init__(self) -> None:
        self.reasons: list[str] = []
        self.articles: list[str] = []

    def add(self, reason: str, *articles: str) -> Trace:
        self.reasons.append(reason)
        self.cite(*articles)
        return self

    def cite(self, *articles: str) -> Trace:
        for article in articles:
            if article not in self.articles:
                self.articles.append(article)
        return self

    def extend(self, other: Result[object]) -> Trace:
        self.reasons.extend(other.reasons)
        self.cite(*other.articles)
        return self

    def result(self, value: T) -> Result[T]:
        return Result(value=value, reasons=tuple(self.reasons), articles=tuple(self.articles))
