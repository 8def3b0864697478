"""title-length: code points, or weighted (CJK count 2)."""

from __future__ import annotations

from contentplan.checks import title_length
from contentplan.checks.title_length import title_length as length
from tests.factory import brand, ids, post, rules

XHS = rules(platforms={"xiaohongshu": {"max_title": 20}})
X = rules(platforms={"x": {"max_title": 10, "title_units": "weighted"}})


def test_code_points_edge() -> None:
    b = brand(
        post("ok", "2025-03-25 09:00", "xiaohongshu", title="春" * 20),
        post("long", "2025-03-25 10:00", "xiaohongshu", title="春" * 21),
        rules=XHS,
    )
    [finding] = title_length.check(b)
    assert ids([finding]) == [("long",)]
    assert finding.message == (
        "long: the title is 21 characters, xiaohongshu allows 20: cut at least 1"
    )


def test_astral_characters_count_one_code_point() -> None:
    b = brand(post("a", "2025-03-25 09:00", "xiaohongshu", title="😀" * 20), rules=XHS)
    assert list(title_length.check(b)) == []


def test_weighted_units() -> None:
    assert length("小米SU7", "weighted") == 7
    assert length("小米SU7发布", "weighted") == 11
    assert length("小米SU7发布", "codepoints") == 7
    assert length("ＡＢ", "weighted") == 4  # fullwidth forms are wide
    assert length("plain ascii", "weighted") == 11
    b = brand(
        post("a", "2025-03-25 09:00", "x", title="小米SU7发布"),
        post("b", "2025-03-25 10:00", "x", title="小米SU7"),
        post("c", "2025-03-25 11:00", "x", title="小米SU7!!!"),  # exactly 10
        rules=X,
    )
    [finding] = title_length.check(b)
    assert ids([finding]) == [("a",)]
    assert finding.message == (
        "a: the title is 11 weighted characters (CJK count 2), x allows 10: cut at least 1"
    )


def test_no_max_title_no_check() -> None:
    assert list(title_length.check(brand(post("a", "2025-03-25 09:00", title="x" * 9999)))) == []
