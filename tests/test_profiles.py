"""The built-in platform profiles (SPEC §3.0): every platform of §1, with the
facts the platforms document."""

from __future__ import annotations

from datetime import time

import pytest

from contentplan.core.model import FORMATS, PlatformRules
from contentplan.core.profiles import BUILTIN_PROFILES

SPEC_PLATFORMS = (
    "weibo", "wechat", "douyin", "xiaohongshu", "bilibili", "instagram",
    "tiktok", "x", "linkedin", "facebook", "youtube",
)


def test_every_platform_of_the_spec_has_a_profile() -> None:
    assert set(BUILTIN_PROFILES) == set(SPEC_PLATFORMS)


@pytest.mark.parametrize("name", SPEC_PLATFORMS)
def test_profile_is_complete_and_sane(name: str) -> None:
    profile = BUILTIN_PROFILES[name]
    assert isinstance(profile, PlatformRules)
    assert profile.name == name
    assert profile.formats and profile.formats <= set(FORMATS)
    assert profile.max_title is not None and profile.max_title > 0
    assert profile.title_units in ("codepoints", "weighted")
    assert profile.slots and all(isinstance(slot, time) for slot in profile.slots)
    assert list(profile.slots) == sorted(set(profile.slots))


@pytest.mark.parametrize("name", SPEC_PLATFORMS)
def test_profiles_leave_brand_choices_to_the_rules(name: str) -> None:
    # SPEC §3.0: no min_per_week and no quiet hours; roles give the mix.
    profile = BUILTIN_PROFILES[name]
    assert profile.min_per_week is None
    assert profile.quiet_hours is None
    assert profile.mix is None


def test_roles_of_the_spec() -> None:
    roles = {name: p.role for name, p in BUILTIN_PROFILES.items() if p.role}
    assert roles == {"weibo": "information", "douyin": "entertainment", "wechat": "service"}


def test_x_counts_cjk_double() -> None:
    assert BUILTIN_PROFILES["x"].title_units == "weighted"
    assert BUILTIN_PROFILES["x"].max_title == 280
    others = {p.title_units for n, p in BUILTIN_PROFILES.items() if n != "x"}
    assert others == {"codepoints"}


def test_wechat_subscription_account_pushes_once_a_day() -> None:
    assert BUILTIN_PROFILES["wechat"].max_per_day == 1


@pytest.mark.parametrize(
    ("name", "limit"),
    [("weibo", 2000), ("instagram", 2200), ("tiktok", 2200), ("linkedin", 3000),
     ("youtube", 100), ("xiaohongshu", 20), ("douyin", 55), ("bilibili", 80)],
)
def test_title_limits(name: str, limit: int) -> None:
    assert BUILTIN_PROFILES[name].max_title == limit


def test_profiles_cannot_be_changed_by_accident() -> None:
    with pytest.raises(TypeError):
        BUILTIN_PROFILES["weibo"] = BUILTIN_PROFILES["x"]  # type: ignore[index]
