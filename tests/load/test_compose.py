"""YAML text in → nodes or problems out (load/decode.py, load/compose.py, load/nodes.py,
SPEC §2.1, §6)."""

from __future__ import annotations

import gc
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentplan.core.model import Problem
from contentplan.load import compose
from contentplan.load.compose import parse_text, paused_gc, read_document
from contentplan.load.decode import decode
from contentplan.load.nodes import Lines, MapNode, Node, ScalarNode, SeqNode


def parse(text: str) -> tuple[MapNode | None, list[Problem]]:
    return parse_text(text, "f.yaml")


def ok(text: str) -> MapNode:
    root, problems = parse(text)
    assert problems == [], problems
    assert root is not None
    return root


def refused(text: str) -> Problem:
    root, problems = parse(text)
    assert root is None
    assert len(problems) == 1, problems
    return problems[0]


def scalar(node: Node | None) -> ScalarNode:
    assert isinstance(node, ScalarNode), node
    return node


def mapping(node: Node | None) -> MapNode:
    assert isinstance(node, MapNode), node
    return node


# -- values are text ----------------------------------------------------------


@pytest.mark.parametrize(
    "written, text",
    [
        ("12:30", "12:30"),  # not the sexagesimal 750
        ("off", "off"),  # not False
        ("no", "no"),
        ("yes", "yes"),
        ("0.10", "0.10"),  # not a float
        ("1e3", "1e3"),
        ("0o17", "0o17"),
        ("2024-03-01", "2024-03-01"),  # not a date
        ("2024-03-01 20:00", "2024-03-01 20:00"),
        ('"quoted"', "quoted"),
        ("'single'", "single"),
    ],
)
def test_values_are_the_text_as_written(written: str, text: str) -> None:
    node = scalar(ok(f"a: {written}\n").get("a"))
    assert node.value == text


def test_plain_empty_tilde_and_null_read_as_no_value_but_quoted_ones_do_not() -> None:
    root = ok('a:\nb: ~\nc: null\nd: ""\ne: "~"\nf: !!str null\ng: Null\n')
    assert [scalar(root.get(k)).is_null for k in "abcdefg"] == [
        True, True, True, False, False, False, True,
    ]
    assert scalar(root.get("d")).plain is False
    assert scalar(root.get("f")).plain is False


def test_positions_are_one_based_with_character_offsets() -> None:
    text = "a: 1\nbé: 'xyz'\n"
    root = ok(text)
    key, value = root.entries["bé"]
    assert (key.line, key.column) == (2, 1)
    assert (value.line, value.column) == (2, 5)
    assert text[value.start : value.end] == "'xyz'"
    where = root.value_where("bé", "f.yaml")
    assert (where.line, where.column, where.start, where.end) == (2, 5, value.start, value.end)


def test_collections_keep_their_order_and_span() -> None:
    text = "posts:\n  - {id: a, at: x}\n  - id: b\n    at: y\n"
    root = ok(text)
    posts = root.get("posts")
    assert isinstance(posts, SeqNode)
    first, second = (mapping(item) for item in posts.items)
    assert first.keys() == ["id", "at"]
    assert (first.line, first.column) == (2, 5)
    assert text[first.start : first.end] == "{id: a, at: x}"
    assert (second.line, second.column) == (3, 5)
    assert scalar(second.get("at")).value == "y"


# -- duplicate keys, anchors, merges ---------------------------------------


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    root, problems = parse("a: 1\nb: 2\na: 3\nb: 4\n")
    assert root is not None and scalar(root.get("a")).value == "1"
    assert [(p.line, p.column) for p in problems] == [(3, 1), (4, 1)]
    assert "line 1 and line 3" in problems[0].message
    assert "line 2 and line 4" in problems[1].message


def test_duplicate_keys_in_nested_and_flow_mappings() -> None:
    _, problems = parse("posts:\n  - {id: a, id: b}\n  - id: c\n    title: x\n    title: y\n")
    assert [(p.line, p.column) for p in problems] == [(2, 13), (5, 5)]


def test_anchors_and_aliases_share_the_node() -> None:
    root = ok("a: &x {k: 1}\nb: *x\nc: &s text\nd: *s\n")
    assert root.get("a") is root.get("b")
    assert scalar(root.get("d")).value == "text"


def test_merge_key_written_keys_win_and_merged_keys_are_no_duplicates() -> None:
    root = ok("base: &b {x: 1, y: 2}\nm:\n  y: 3\n  <<: *b\n")
    merged = mapping(root.get("m"))
    assert {k: scalar(merged.get(k)).value for k in merged} == {"y": "3", "x": "1"}
    assert "<<" not in merged


def test_merge_of_a_list_earlier_sources_win() -> None:
    root = ok("a: &a {x: 1}\nb: &b {x: 2, z: 3}\nm: {<<: [*a, *b], w: 0}\n")
    merged = mapping(root.get("m"))
    assert {k: scalar(merged.get(k)).value for k in merged} == {"w": "0", "x": "1", "z": "3"}


def test_merge_of_a_scalar_is_a_problem() -> None:
    _, problems = parse("a: {<<: 3, b: 1}\n")
    assert len(problems) == 1 and "merge key" in problems[0].message


def test_a_quoted_merge_key_is_a_plain_key() -> None:
    root = ok("m: {'<<': 1}\n")
    assert scalar(mapping(root.get("m")).get("<<")).value == "1"


def test_alias_to_an_unknown_or_enclosing_anchor_is_refused() -> None:
    assert "no anchor" in refused("a: *nowhere\n").message
    assert "no anchor" in refused("a: &x [1, *x]\n").message


def test_alias_expansion_within_the_cap_is_fine() -> None:
    items = ", ".join(f"k{i}: v" for i in range(50))
    uses = "\n".join(f"u{i}: *big" for i in range(100))  # 100 x 101 nodes < 10,000 + 10 x written
    root = ok(f"big: &big {{{items}}}\n{uses}\n")
    assert root.get("u99") is root.get("big")


def test_alias_bomb_is_refused_without_expanding() -> None:
    lines = ["l0: &l0 [a, a, a, a, a, a, a, a, a, a]"]
    for level in range(1, 30):  # 10^30 nodes if it were expanded
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    problem = refused("\n".join(lines) + "\n")
    assert "alias" in problem.message and "10,000" in problem.message


def test_alias_cap_counts_nodes_written() -> None:
    # 30 aliases of a 1,001-node list expand to 30,030 nodes; 1,000 + 32 nodes
    # are written, so the cap is 10,000 + 10 x 1,032 = 20,320.
    items = ", ".join(["x"] * 1000)
    uses = "\n".join(f"u{i}: *big" for i in range(30))
    problem = refused(f"big: &big [{items}]\n{uses}\n")
    assert "alias" in problem.message
    uses = "\n".join(f"u{i}: *big" for i in range(15))
    ok(f"big: &big [{items}]\n{uses}\n")


# -- depth -----------------------------------------------------------------


def test_nesting_of_100_levels_is_fine_and_101_is_refused() -> None:
    ok("a: " + "[" * 99 + "]" * 99 + "\n")  # the top mapping is level 1
    problem = refused("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "deeper than 100" in problem.message


def test_very_deep_nesting_is_refused_without_recursion() -> None:
    problem = refused("a: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert "deeper than 100" in problem.message


def test_block_nesting_counts_too() -> None:
    text = "".join(" " * level + f"k{level}:\n" for level in range(120))
    assert "deeper than 100" in refused(text).message


def test_an_alias_that_makes_nesting_too_deep_is_refused() -> None:
    text = "a: &a " + "[" * 60 + "]" * 60 + "\nb: " + "[" * 50 + "*a" + "]" * 50 + "\n"
    assert "deeper than 100" in refused(text).message


# -- tags, keys, documents ---------------------------------------------------


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a: !!python/object/apply:os.system ['echo no']\n", "!!python/object/apply:os.system"),
        ("a: !!python/name:os.system\n", "!!python/name:os.system"),
        ("a: !foo bar\n", "!foo"),
        ("a: !!int 3\n", "!!int"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !!map [1]\n", "!!map"),
        ("a: !!set {x}\n", "!!set"),
    ],
)
def test_tags_other_than_str_map_seq_are_problems(text: str, shown: str) -> None:
    _, problems = parse(text)
    assert len(problems) == 1
    assert shown in problems[0].message and "not allowed" in problems[0].message


def test_core_tags_are_allowed() -> None:
    root = ok("a: !!str 12\nb: !!map {c: 1}\nd: !!seq [1]\n")
    assert scalar(root.get("a")).value == "12"


def test_non_scalar_keys_are_problems_and_their_values_skipped() -> None:
    root, problems = parse("? [a, b]\n: 1\n{x: 1}: 2\nc: 3\n")
    assert root is not None and root.keys() == ["c"]
    assert [(p.line, p.column) for p in problems] == [(1, 3), (3, 1)]
    assert all("keys must be plain text" in p.message for p in problems)


def test_two_documents_are_refused() -> None:
    problem = refused("a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in problem.message and problem.line == 2


def test_one_explicit_document_is_fine() -> None:
    ok("---\na: 1\n...\n")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_file_is_refused(text: str) -> None:
    assert "empty" in refused(text).message


@pytest.mark.parametrize(
    "text, kind", [("- a\n- b\n", "a list"), ("hello\n", "text"), ("~\n", "empty")]
)
def test_a_document_that_is_not_a_mapping_is_refused(text: str, kind: str) -> None:
    assert kind in refused(text).message


# -- syntax errors -----------------------------------------------------------


def test_unclosed_quote_points_at_the_quote() -> None:
    problem = refused('a: 1\nb: "abc\nc: 2\n')
    assert (problem.line, problem.column) == (2, 4)
    assert "never closed" in problem.message


def test_truncated_file_says_it_ends_too_early() -> None:
    problem = refused('posts:\n  - {id: a, at: "2024-03-01 20:00", title: x')
    assert "ends too early" in problem.message
    assert problem.line == 3


def test_bad_indentation_has_line_and_column() -> None:
    problem = refused("a:\n  b: 1\n c: 2\n")
    assert (problem.line, problem.column) == (3, 2)
    assert "YAML syntax error" in problem.message


def test_tab_indentation_gets_a_friendly_message() -> None:
    problem = refused("a:\n\tb: 1\n")
    assert problem.line == 2
    assert "tab" in problem.message and "spaces" in problem.message


def test_a_tab_after_a_value_is_fine() -> None:
    assert scalar(ok("a: 1\t# comment\n").get("a")).value == "1"


def test_control_character_is_refused_with_its_place() -> None:
    problem = refused('a: "é"\x07\n')
    assert (problem.line, problem.column) == (1, 7)
    assert "#x0007" in problem.message


def test_lone_surrogates_in_text_are_a_problem_not_a_crash() -> None:
    root, problems = parse("a: \udc80\n")
    assert root is None and problems


# -- bytes -------------------------------------------------------------------


def test_bom_and_crlf_are_accepted_with_positions_in_the_text_without_bom() -> None:
    text, problems = decode("\ufeffa: 1\r\nbb: 'x'\r\n".encode(), "f.yaml")
    assert problems == [] and text == "a: 1\r\nbb: 'x'\r\n"
    root = ok(text)
    value = scalar(root.get("bb"))
    assert (value.line, value.column) == (2, 5)
    assert text[value.start : value.end] == "'x'"


def test_missing_file_and_folder_are_problems(tmp_path: Path) -> None:
    assert "not found" in read_document(str(tmp_path / "no.yaml"), "no.yaml")[1][0].message
    assert "folder" in read_document(str(tmp_path), "dir")[1][0].message


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_any_bytes_give_nodes_or_problems_never_an_exception(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "any.yaml"
    path.write_bytes(data)
    root, problems = read_document(str(path), "any.yaml")
    assert root is not None or problems
    assert all(p.line >= 1 and p.column >= 1 for p in problems)


yaml_texts = st.lists(
    st.sampled_from(
        ["a", "b", ":", " ", "\n", "  ", "- ", "[", "]", "{", "}", ",", "&x ", "*x", "<<",
         "!!str ", "!foo ", '"', "'", "#", "?", "~", "12:30", "\t", "é", "---\n", "|\n"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=500)
@given(text=yaml_texts)
def test_any_yaml_like_text_gives_nodes_or_problems_never_an_exception(text: str) -> None:
    root, problems = parse_text(text, "f.yaml")
    assert root is not None or problems


# -- flat mappings read the same as node mappings -------------------------------


def _shape(node: Node) -> object:
    if isinstance(node, MapNode):
        return [
            (key.value, key.plain, key.start, key.end, key.line, key.column, _shape(value))
            for key, value in node.entries.values()
        ]
    if isinstance(node, SeqNode):
        return [_shape(item) for item in node.items]
    assert isinstance(node, ScalarNode)
    return (node.value, node.plain, node.start, node.end, node.line, node.column)


values = st.sampled_from(
    ["1", "~", "", "'q'", '"d"', "12:30", "[1, 2]", "{k: v}", "!!str s", "&a x", "*a", "!x y"]
)
keys = st.sampled_from(["id", "at", "title", "x", "<<", "'q'", "é", "? [k]\n  "])


@settings(max_examples=400)
@given(
    posts=st.lists(st.lists(st.tuples(keys, values), max_size=6), max_size=4),
    flow=st.booleans(),
)
def test_flat_mappings_read_the_same_as_node_mappings(
    posts: list[list[tuple[str, str]]], flow: bool
) -> None:
    lines = ["anchor: &a base", "posts:"]
    for post in posts:
        pairs = [(k, v) for k, v in post if not (flow and k.startswith("?"))]
        if flow or not pairs:
            lines.append("  - {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
        else:
            for index, (k, v) in enumerate(pairs):
                lines.append(("  - " if index == 0 else "    ") + f"{k}: {v}")
    text = "\n".join(lines) + "\n"
    flat_root, flat_problems = parse_text(text, "f.yaml")
    try:
        compose.FLAT_MAPPINGS = False
        node_root, node_problems = parse_text(text, "f.yaml")
    finally:
        compose.FLAT_MAPPINGS = True
    assert flat_problems == node_problems
    assert (flat_root is None) == (node_root is None)
    if flat_root is not None and node_root is not None:
        assert _shape(flat_root) == _shape(node_root)


def test_a_flat_mapping_tells_where_its_values_are_without_unflattening() -> None:
    text = "posts:\n  - id: a\n    at: 2024-03-01 20:00\n"
    root = ok(text)
    post = mapping(root.get("posts").items[0])  # type: ignore[union-attr]
    assert post.texts == {"id": "a", "at": "2024-03-01 20:00"}
    where = post.value_where("at", "f.yaml")
    assert (where.line, where.column) == (3, 9)
    assert text[where.start : where.end] == "2024-03-01 20:00"
    assert post.texts is not None  # still flat
    assert scalar(post.get("at")).value == "2024-03-01 20:00"
    assert post.texts is None  # unflattened on demand


def test_line_table_agrees_with_libyaml_for_every_kind_of_line_break() -> None:
    text = "a: 1\r\nb: 'x\u2028y'\nc: [1,\r 2]\x85d: 3\ne: |\n  z\n"
    lines = Lines(text)
    counted = Lines(text)
    counted._asked = Lines.DIRECT  # straight to the table
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        mark = event.start_mark
        assert lines.locate(mark.index) == (mark.line + 1, mark.column + 1)
        assert counted.locate(mark.index) == (mark.line + 1, mark.column + 1)


def test_paused_gc_restores_the_collector() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_hostile_python_tag_never_runs(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"a: !!python/object/apply:os.system ['touch {marker}']\n"
    parse(text)
    assert not marker.exists()
    assert not os.path.exists("/tmp/contentplan-pwned")
