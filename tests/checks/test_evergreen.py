"""The `evergreen` check's chains (checks/evergreen.py) beyond its case file."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from contentplan.checks import duplicate, evergreen
from contentplan.core.model import Evergreen
from tests.factory import brand, post, rules


def test_chains_of_repeats_lead_to_one_original() -> None:
    posts = (
        post("a", "2025-01-01 09:00"),
        post("b", "2025-02-01 09:00", repeat_of="a"),
        post("c", "2025-03-01 09:00", repeat_of="b"),
        post("d", "2025-04-01 09:00", repeat_of="nothing"),
        post("e", "2025-05-01 09:00", repeat_of="d"),
        post("f", "2025-06-01 09:00", repeat_of="f"),
    )
    by_id, original = evergreen.publications(posts)
    assert set(by_id) == {"a", "b", "c", "d", "e", "f"}
    assert original == {"b": "a", "c": "a", "d": "d", "e": "d", "f": "f"}


def test_a_long_circle_is_shown_cut() -> None:
    posts = [post(f"p{n}", f"2025-01-{n + 1:02d} 09:00", repeat_of=f"p{(n + 1) % 12}")
             for n in range(12)]
    found = list(evergreen.check(brand(*posts)))
    assert len(found) == 12
    assert "(p0 -> p1 -> p2 -> p3 -> p4 -> p5 -> p6 -> ... -> p0)" in found[0].message


def test_duplicate_lets_a_declared_repeat_be_only_when_it_keeps_the_cooldown() -> None:
    policy = replace(rules(), evergreen=Evergreen(timedelta(days=2)))
    kept = brand(
        post("a", "2025-03-03 11:00", title="T"),
        post("b", "2025-03-05 11:00", title="T", repeat_of="a"),
        rules=policy,
    )
    assert list(duplicate.check(kept)) == []
    soon = brand(
        post("a", "2025-03-03 11:00", title="T"),
        post("b", "2025-03-05 10:59", title="T", repeat_of="a"),
        rules=policy,
    )
    assert [f.posts[1].id for f in duplicate.check(soon)] == ["b"]
