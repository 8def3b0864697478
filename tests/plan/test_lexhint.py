"""The tie-break's start (``planner.lexhint``): exchanges keep every count the
rules read and only make the assignment lexicographically smaller."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from contentplan.plan.lexhint import lex_improve
from contentplan.plan.problem import PlanItem


def _key(order: list[int], slots: list[list[int]], where: dict[int, int]) -> list[int]:
    """The tie-break's reading: each item's place among its slots, unplaced last."""
    return [slots[i].index(where[i]) if i in where else len(slots[i]) for i in order]


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[PlanItem], list[list[int]], dict[int, int]]:
    count = draw(st.integers(1, 9))
    items = [
        PlanItem(
            id=f"i{n}",
            pillar=draw(st.sampled_from(["functional", "story"])),
            title=f"t{n}",
            priority=draw(st.integers(1, 2)),
        )
        for n in range(count)
    ]
    slots = [sorted(draw(st.sets(st.integers(0, 7), min_size=1, max_size=6))) for _ in items]
    where: dict[int, int] = {}
    for i in draw(st.permutations(range(count))):
        free = [s for s in slots[i] if s not in where.values()]
        if free and draw(st.booleans()):
            where[i] = draw(st.sampled_from(free))
    return items, slots, where


@settings(max_examples=300, deadline=None)
@given(cases())
def test_exchanges_keep_the_counts_and_only_make_the_order_smaller(
    case: tuple[list[PlanItem], list[list[int]], dict[int, int]],
) -> None:
    items, slots, where = case
    order = sorted(range(len(items)), key=lambda i: items[i].id)
    better = lex_improve(items, slots, order, where)
    # the same slots, each with an item of the same pillar
    assert {s: items[i].pillar for i, s in better.items()} == {
        s: items[i].pillar for i, s in where.items()
    }
    assert sum(items[i].priority for i in better) == sum(items[i].priority for i in where)
    assert Counter(better.values()) == Counter(where.values())
    assert all(better[i] in slots[i] for i in better)
    assert _key(order, slots, better) <= _key(order, slots, where)


def test_an_earlier_item_takes_the_earlier_slot() -> None:
    items = [PlanItem(id=f"i{n}", pillar="story", title="t") for n in range(2)]
    slots = [[0, 1], [0, 1]]
    assert lex_improve(items, slots, [0, 1], {0: 1, 1: 0}) == {0: 0, 1: 1}


def test_an_unplaced_earlier_item_of_equal_priority_takes_the_place() -> None:
    items = [PlanItem(id=f"i{n}", pillar="story", title="t", priority=2) for n in range(2)]
    assert lex_improve(items, [[0], [0]], [0, 1], {1: 0}) == {0: 0}
    unequal = [items[0], PlanItem(id="i1", pillar="story", title="t", priority=3)]
    assert lex_improve(unequal, [[0], [0]], [0, 1], {1: 0}) == {1: 0}
