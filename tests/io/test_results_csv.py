"""Platform exports (io/results_csv.py): counts as exports write them
(1,234 / 1.2万 / 3亿 / 10万+), the export's own column names through a map,
and every bad cell reported at its row."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contentplan.io.results_csv import CountError, parse_count, read_export
from contentplan.load.results import LARGEST_COUNT

COUNTS = st.integers(min_value=0, max_value=LARGEST_COUNT)


@given(COUNTS)
def test_digits_and_thousands_separators(n: int) -> None:
    assert parse_count(str(n)) == n
    assert parse_count(f"{n:,}") == n
    assert parse_count(f"{n:,}".replace(",", " ")) == n
    assert parse_count(f"{n:,}".replace(",", "\u00a0")) == n
    assert parse_count(f" {n}.0 ") == n  # a spreadsheet's float
    assert parse_count(f"{n:,}+") == n  # "at least"


@given(st.integers(min_value=0, max_value=LARGEST_COUNT // 10_000), st.integers(0, 9_999),
       st.sampled_from(["万", "w", "W"]))
def test_wan_with_every_decimal_written_is_exact(whole: int, rest: int, unit: str) -> None:
    n = whole * 10_000 + rest
    written = f"{Decimal(n) / 10_000:f}{unit}"  # e.g. 1.2345万
    assert parse_count(written) == n


@given(st.integers(min_value=0, max_value=LARGEST_COUNT // 100_000_000 - 1),
       st.integers(min_value=0, max_value=9))
def test_yi(whole: int, tenth: int) -> None:
    assert parse_count(f"{whole}.{tenth}亿") == whole * 100_000_000 + tenth * 10_000_000


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=3))
def test_a_shown_figure_is_rounded_to_the_nearest_count(tenths: int, places: int) -> None:
    # 1.23456万 is 12345.6: the nearest whole count, half up
    text = f"{Decimal(tenths) / 10**places:f}万"
    exact = Decimal(tenths) / 10**places * 10_000
    assert parse_count(text) == int(exact.to_integral_value(rounding="ROUND_HALF_UP"))


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("1,234", 1234), ("1.2万", 12000), ("3亿", 300_000_000), ("10万+", 100_000),
        ("1.2 万", 12000), ("15k", 15000), ("15K", 15000), ("2.5M", 2_500_000),
        ("1.5千", 1500), ("2百万", 2_000_000), ("1千万", 10_000_000), ("1,234万", 12_340_000),
        ("0", 0), ("007", 7),
    ],
)
def test_forms_exports_write(text: str, count: int) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["", "  ", "-", "--", "—", "–", "N/A", "n/a", "null", "/"])
def test_not_measured(text: str) -> None:
    assert parse_count(text) is None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("12.5", "has a fraction"),
        ("3.2%", "is a percentage, not a count"),
        ("3.2％", "is a percentage, not a count"),
        ("-3", "is below 0"),
        ("１２", "is not a count"),  # full-width digits, as everywhere in a file
        ("1,23", "is not a count"),
        ("1,234 567", "is not a count"),  # two different separators
        ("1.2.3", "is not a count"),
        ("万", "is not a count"),
        ("1.2e4", "is not a count"),
        ("9" * 13, "is too large"),
        ("20000亿", "is too large"),
        ("9" * 10_000, "is not a count"),
    ],
)
def test_what_is_not_a_count(text: str, said: str) -> None:
    with pytest.raises(CountError, match=said) as caught:
        parse_count(text)
    assert len(str(caught.value)) < 300  # a huge cell is not echoed


@given(st.text(max_size=30))
def test_any_text_is_a_count_none_or_a_count_error(text: str) -> None:
    try:
        value = parse_count(text)
    except CountError:
        return
    assert value is None or 0 <= value <= LARGEST_COUNT


def test_columns_named_like_ours_need_no_map_and_others_are_left_alone() -> None:
    text = "ID,Likes,Title,Rate,shares\nwb-1,\"1,234\",a title,3%,7\n"
    export = read_export(text, file="e.csv", mapping={}, measured_at="2025-03-17")
    assert export.problems == []
    (row,) = export.rows
    assert (row.row, row.post_id, row.measured_at, dict(row.counts)) == (
        2, "wb-1", "2025-03-17", {"likes": 1234, "shares": 7},
    )
    assert export.columns == {"id": "ID", "likes": "Likes", "shares": "shares"}


def test_a_mapped_column_named_twice_is_ambiguous() -> None:
    text = "内容ID,点赞,点赞\nwb-1,1,2\n"
    export = read_export(text, file="e.csv", mapping={"id": "内容ID", "likes": "点赞"},
                         measured_at="2025-03-17")
    assert [p.text for p in export.problems] == [
        "e.csv: row 1: the column '点赞' appears 2 times: rename the one that does not hold "
        "the likes"
    ]


def test_a_row_with_only_empty_counts_is_reported() -> None:
    text = "id,likes,comments\nwb-1,-,\n"
    export = read_export(text, file="e.csv", mapping={}, measured_at="2025-03-17")
    assert [p.text for p in export.problems] == [
        "e.csv: row 2, id: has no count for wb-1: every count cell is empty; fill one in, or "
        "delete the row"
    ]
