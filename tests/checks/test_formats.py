"""format: a format the platform does not take."""

from __future__ import annotations

from contentplan.checks import CHECKS, formats
from tests.factory import brand, ids, post, rules

X_TAKES = rules(platforms={"x": {"formats": ["text", "image", "video"]}, "blog": {}})


def test_formats_the_platform_takes_pass() -> None:
    b = brand(
        post("a", "2025-03-25 09:00", "x", format="image"),
        post("b", "2025-03-25 10:00", "x"),  # no format: nothing to check
        post("c", "2025-03-25 11:00", "blog", format="live"),  # no list: anything
        post("d", "2025-03-25 12:00", "unknown", format="live"),  # no profile
        rules=X_TAKES,
    )
    assert list(formats.check(b)) == []


def test_a_format_the_platform_does_not_take() -> None:
    b = brand(post("c", "2025-03-25 15:00", "x", format="article"), rules=X_TAKES)
    [finding] = formats.check(b)
    assert ids([finding]) == [("c",)]
    assert finding.platform == "x"
    assert finding.window == "2025-W13"
    assert finding.message == (
        "c is an article post, but x takes text, image or video: change its format, "
        "or move it to a platform that takes article posts"
    )


def test_the_module_is_registered_as_format() -> None:
    assert CHECKS["format"] is formats
