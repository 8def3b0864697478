"""Skeleton placeholders get ids that `check` accepts, whatever a platform is called."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contentplan.load.calendar import ID_PATTERN
from contentplan.plan.items import slot_id
from contentplan.plan.problem import Slot

LOCAL = datetime(2025, 4, 15, 12, 30)
INSTANT = datetime(2025, 4, 15, 4, 30, tzinfo=UTC)


def test_a_plain_platform_name_is_kept() -> None:
    assert slot_id(Slot("weibo", LOCAL, INSTANT)) == "slot-2025-W16-weibo-tue-1230"


@pytest.mark.parametrize(
    "platform", ["[link=file:///etc/passwd]wb\x1b]0;x\x07", "小红书", "a b", "a/b", "!!!"]
)
def test_any_platform_name_gives_a_valid_id(platform: str) -> None:
    made = slot_id(Slot(platform, LOCAL, INSTANT))
    assert ID_PATTERN.fullmatch(made), made


def test_two_unsafe_names_that_read_alike_get_different_ids() -> None:
    assert slot_id(Slot("a b", LOCAL, INSTANT)) != slot_id(Slot("a/b", LOCAL, INSTANT))
