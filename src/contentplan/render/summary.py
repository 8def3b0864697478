"""Counting what a check run found, for every renderer's summary line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from contentplan.core.model import Violation


@dataclass(frozen=True)
class Summary:
    files: int
    posts: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, violations: Sequence[Violation], files: int, posts: int) -> Summary:
        errors = sum(1 for v in violations if v.severity == "error")
        warnings = sum(1 for v in violations if v.severity == "warning")
        return cls(files, posts, errors, warnings)

    def sentence(self) -> str:
        where = f"{_count(self.files, 'file')} ({_count(self.posts, 'post')})"
        if not self.errors and not self.warnings:
            return f"No problems in {where}."
        return f"{_count(self.errors, 'error')}, {_count(self.warnings, 'warning')} in {where}."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
