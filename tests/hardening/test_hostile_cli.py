"""Issue 6, items 1 and 3: hostile and broken YAML through the real
`contentplan check`, in a subprocess with at most 1 GiB of address space and
a 20 s hang guard (no timing asserts). The fixture files are the ones in
tests/hostile/ (tests/load/test_hostile.py reads them with the loader);
here each one goes through the command line as CI would run it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.hardening.support import assert_clean_failure, run_bounded

HOSTILE = Path(__file__).resolve().parents[1] / "hostile"

# fixture: (line the problem names or None for the file, words the message
# holds, words of the sentence that says what to do)
REFUSED: dict[str, tuple[int | None, tuple[str, ...], str]] = {
    # item 1
    "billion_laughs.yaml": (8, ("alias bomb", "10,000 nodes"), "use fewer aliases"),
    "python_tag.yaml": (10, ("!!python/object/apply:os.system", "never run"), "remove it"),
    "custom_tag.yaml": (2, ("!foo", "not allowed"), "remove it"),
    "deep_nesting.yaml": (4, ("deeper than 100 levels",), "flatten it"),
    "deep_alias.yaml": (5, ("*base", "deeper than 100 levels"), "flatten it"),
    "recursive_alias.yaml": (4, ("*loop", "no anchor"), "define &loop earlier"),
    # item 3
    "empty.yaml": (1, ("the file is empty",), "write a mapping of keys"),
    "comments_only.yaml": (1, ("the file is empty",), "write a mapping of keys"),
    "list_document.yaml": (1, ("top level of the file is a list", "mapping"), "remove the"),
    "scalar_document.yaml": (1, ("top level of the file is text", "mapping"), "remove the"),
    "nul_byte.yaml": (6, ("NUL byte", "byte offset 141", "binary"), "saved as UTF-8 text"),
    "control_character.yaml": (5, ("#x0007", "not allowed"), "remove it"),
    "invalid_utf8.yaml": (5, ("not valid UTF-8", "0xe9", "byte offset 139"), "save the file"),
    "utf16.yaml": (1, ("UTF-16",), "save it as UTF-8"),
    "utf16le_no_bom.yaml": (1, ("UTF-16",), "save it as UTF-8"),
    "tabs.yaml": (5, ("a tab is used for indentation",), "replace the tab with spaces"),
    "multi_document.yaml": (6, ("more than one YAML document",), "keep one document"),
    "non_string_key.yaml": (4, ("keys must be plain text",), "write a name followed by ':'"),
    "duplicate_keys.yaml": (4, ("'brand' appears twice", "line 2 and line 4"), "keep one"),
    "unclosed_quote.yaml": (5, ("never closed",), "add the closing quote"),
    "truncated.yaml": (6, ("ends too early",), "complete or remove the last entry"),
}
ACCEPTED = {"bom_crlf_ok.yaml", "merge_keys_ok.yaml"}

PLACE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): error \[schema\] (?P<msg>.*)$"
)


def test_every_fixture_is_covered_here() -> None:
    assert {p.name for p in HOSTILE.glob("*.yaml")} == set(REFUSED) | ACCEPTED


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_or_broken_file_exits_2_with_place_and_advice(tmp_path: Path, name: str) -> None:
    shutil.copy(HOSTILE / name, tmp_path / name)
    run = run_bounded("check", name, "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    line, words, advice = REFUSED[name]
    first = run.stdout.splitlines()[0]
    match = PLACE.match(first)
    assert match, first
    assert match["file"] == name
    if line is not None:
        assert int(match["line"]) == line, first
    for word in words:
        assert word in match["msg"], first
    assert advice in match["msg"], first
    assert run.stdout.rstrip().endswith("in 1 file (0 posts).") or name in {
        "custom_tag.yaml", "non_string_key.yaml", "duplicate_keys.yaml"
    }, run.stdout
    # The same problem in JSON, with file, line and column as numbers.
    as_json = run_bounded("check", name, "--format", "json", cwd=tmp_path)
    assert_clean_failure(as_json)
    violation = as_json.json()["violations"][0] if as_json.stdout else None
    assert violation is not None and violation["check"] == "schema"
    assert (violation["file"], violation["line"]) == (name, int(match["line"]))


def test_billion_laughs_in_bounded_memory(tmp_path: Path) -> None:
    """The fixture expands to 9**9 (387 million) scalars; refused unexpanded
    within a 256 MiB address space, far below what expanding would need."""
    shutil.copy(HOSTILE / "billion_laughs.yaml", tmp_path / "b.yaml")
    run = run_bounded("check", "b.yaml", cwd=tmp_path, memory=256 << 20)
    assert_clean_failure(run)
    assert "alias bomb" in run.stdout


def _bomb(levels: int, width: int, merge: bool) -> str:
    rows = ["version: 1", "brand: acme", "timezone: UTC", "posts:"]
    rows.append(f"  - &l0 {{id: a0, {', '.join(f'k{i}: lol' for i in range(width))}}}")
    for level in range(1, levels):
        if merge:
            body = f"<<: [{', '.join(f'*l{level - 1}' for _ in range(width))}], "
            body += ", ".join(f"k{i}: *l{level - 1}" for i in range(width))
        else:
            body = ", ".join(f"k{i}: *l{level - 1}" for i in range(width))
        rows.append(f"  - &l{level} {{{body}}}")
    return "\n".join(rows) + "\n"


@pytest.mark.parametrize("merge", [False, True], ids=["aliases", "merge-keys"])
def test_a_wider_alias_bomb_in_mappings_is_refused(tmp_path: Path, merge: bool) -> None:
    """12 levels of 12 mapping aliases (12**12, about 9e12 nodes), also
    through `<<` merge keys."""
    (tmp_path / "bomb.yaml").write_text(_bomb(12, 12, merge), encoding="utf-8")
    run = run_bounded("check", "bomb.yaml", cwd=tmp_path)
    assert_clean_failure(run)
    assert "alias bomb" in run.stdout


def test_aliases_and_merge_keys_stay_allowed_for_normal_use(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nposts:\n"
        '  - &first {id: a1, at: "2024-03-04 20:00", platform: weibo, pillar: functional,'
        ' title: "Spec sheet"}\n'
        '  - {<<: *first, id: a2, at: "2024-03-05 20:00", pillar: story, title: "Night"}\n',
        encoding="utf-8",
    )
    run = run_bounded("check", "c.yaml", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert run.json()["summary"]["posts"] == 2


PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    "!!python/object/apply:subprocess.call [[touch, {marker}]]",
    '!!python/object/new:subprocess.Popen [[touch, {marker}]]',
    '!!python/name:os.system ""',
    '!!python/object/apply:builtins.exec ["open(\'{marker}\', \'w\').close()"]',
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
@pytest.mark.parametrize("where", ["calendar", "rules"])
def test_python_tags_are_schema_errors_and_never_run(
    tmp_path: Path, tag: str, where: str
) -> None:
    marker = tmp_path / "pwned"
    value = tag.format(marker=marker)
    rules = "version: 1\n"
    notes = '"fine"'
    if where == "rules":
        rules += f"trending: {{max_age: {value}}}\n"
    else:
        notes = value
    (tmp_path / "rules.yaml").write_text(rules, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\nrules: rules.yaml\nposts:\n"
        f'  - {{id: a1, at: "2024-03-04 20:00", platform: weibo, pillar: functional,'
        f" title: Hi, notes: {notes}}}\n",
        encoding="utf-8",
    )
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert not marker.exists(), "a python tag was executed"
    shown = "rules.yaml" if where == "rules" else "c.yaml"
    assert re.search(rf"^{shown}:\d+:\d+: error \[schema\] the tag !!python/", run.stdout, re.M), (
        run.stdout
    )
    assert "never run or constructed" in run.stdout


def test_depth_101_is_refused_and_depth_100_is_read(tmp_path: Path) -> None:
    """The cap is exact: 100 levels are read (the value is then a schema
    error, as notes must be text), 101 are refused as too deep; 100,000
    levels never reach Python's recursion limit."""

    def nested(depth: int) -> str:
        # the top mapping (1), `posts:` (2), the post (3), then `notes:` lists.
        inner = "[" * (depth - 3) + "]" * (depth - 3)
        return (
            "version: 1\nbrand: acme\ntimezone: UTC\nposts:\n"
            f"  - {{id: a1, at: '2024-03-04 20:00', platform: weibo, pillar: functional,"
            f" title: Hi, notes: {inner}}}\n"
        )

    for depth, deep in ((99, False), (100, False), (101, True), (100_000, True)):
        (tmp_path / "d.yaml").write_text(nested(depth), encoding="utf-8")
        run = run_bounded("check", "d.yaml", "--format", "plain", cwd=tmp_path)
        assert_clean_failure(run)
        assert ("deeper than 100 levels" in run.stdout) == deep, (depth, run.stdout)


BASE = "version: 1\nbrand: acme\ntimezone: Asia/Shanghai\n"
POST = '  - {id: a1, at: "2024-03-04 20:00", platform: weibo, pillar: functional, title: Hi}\n'

INLINE: dict[str, tuple[bytes, int, tuple[str, ...]]] = {
    # name: (file bytes, line named, words including the advice)
    "posts-scalar": ((BASE + "posts: hello\n").encode(), 4, ("posts must be a list", "start each")),
    "posts-mapping": ((BASE + "posts:\n  id: a1\n").encode(), 5, ("posts must be a list",)),
    "post-not-mapping": ((BASE + "posts:\n  - just text\n").encode(), 5, ("mapping",)),
    "whitespace-only": (b"   \n\n  \n", 1, ("empty", "write a mapping of keys")),
    "null-document": (b"~\n", 1, ("empty", "write a mapping of keys")),
    "binary-png-header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3, ("NUL byte", "binary")),
    "binary-latin1": ("version: 1\nbrand: café\n".encode("latin-1"), 2, ("not valid UTF-8",)),
    "nul-in-utf8-text": ((BASE + "posts:\n").encode() + b"\x00\x00\x00", 5, ("NUL byte",)),
    "utf32-with-bom": (("\ufeff" + BASE).encode("utf-32"), 1, ("UTF-16 (or UTF-32)",)),
    "utf16-be": (("\ufeff" + BASE).encode("utf-16-be"), 1, ("UTF-16",)),
    "cut-inside-a-character": (
        (BASE + "posts:\n" + POST.replace("Hi", "长测")).encode()[:-4], 5, ("not valid UTF-8",)
    ),
    "cut-inside-a-block-post": (
        (BASE + "posts:\n  - id: a1\n    at: \"2024-03-04 2").encode(), 6, ("never closed",)
    ),
    "tab-in-block": ((BASE + "posts:\n  - id: a1\n\tat: x\n").encode(), 6, ("tab",)),
    "integer-key": ((BASE + "1: x\nposts: []\n").encode(), 4, ("unknown key '1'",)),
    "mapping-key": ((BASE + "{a: 1}: x\nposts: []\n").encode(), 4, ("plain text",)),
    "list-key-in-post": (
        (BASE + "posts:\n  - {[a]: 1, id: a1}\n").encode(), 5, ("keys must be plain text",)
    ),
    "second-document-marker": ((BASE + "posts: []\n---\n").encode(), 5, ("more than one",)),
    "unclosed-single-quote": ((BASE + "posts:\n  - {id: 'a1}\n").encode(), 5, ("never closed",)),
    "unclosed-bracket": ((BASE + "posts: [\n").encode(), 5, ("ends too early",)),
}


@pytest.mark.parametrize("case", sorted(INLINE))
def test_more_broken_files(tmp_path: Path, case: str) -> None:
    data, line, words = INLINE[case]
    (tmp_path / "c.yaml").write_bytes(data)
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    # the line that names the problem (others may follow or come first)
    first = next(
        (text for text in run.stdout.splitlines() if all(word in text for word in words)),
        run.stdout,
    )
    match = PLACE.match(first)
    assert match and match["file"] == "c.yaml", first
    assert int(match["line"]) == line, first
    # every message has a sentence that says what to do after ': ' or ';'
    assert re.search(r"[:;] [a-z]", match["msg"]), first


@pytest.mark.slow
def test_every_cut_of_a_calendar_exits_cleanly(tmp_path: Path) -> None:
    """A file cut at any byte (a truncated download or copy) is read or
    refused, never a crash: exit 0, 1 or 2 and no traceback."""
    text = (
        BASE
        + "posts:\n"
        + "  - id: a1\n    at: \"2024-03-04 20:00\"\n    platform: weibo\n"
        + "    pillar: functional\n    title: \"长测 SU7\"\n    ignore: [spacing]\n"
        + '  - {id: a2, at: "2024-03-05 20:00", platform: weibo, pillar: story, title: Hi}\n'
    ).encode()
    codes = set()
    for cut in range(0, len(text), 3):
        (tmp_path / "c.yaml").write_bytes(text[:cut])
        run = run_cli("check", "c.yaml", "--format", "json", cwd=tmp_path)  # in-process
        assert run.code in (0, 1, 2), (cut, run.stderr)
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
        codes.add(run.code)
    assert 2 in codes


@pytest.mark.parametrize("variant", ["bom", "crlf", "bom+crlf", "cr-only"])
def test_bom_and_crlf_are_accepted(tmp_path: Path, variant: str) -> None:
    text = BASE + "posts:\n" + POST
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr-only":  # old Mac line ends: YAML reads them as breaks too
        text = text.replace("\n", "\r")
    data = text.encode()
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    (tmp_path / "c.yaml").write_bytes(data)
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert run.code == 0, run.stdout + run.stderr
    assert "No problems in 1 file (1 post)." in run.stdout


def test_bom_crlf_fixture_passes_and_crlf_positions_are_right(tmp_path: Path) -> None:
    shutil.copy(HOSTILE / "bom_crlf_ok.yaml", tmp_path / "ok.yaml")
    assert run_bounded("check", "ok.yaml", cwd=tmp_path).code == 0
    # A schema problem in a BOM + CRLF file is placed on the right line.
    broken = (BASE + "posts:\n" + POST.replace("weibo", "weibox")).replace("\n", "\r\n")
    (tmp_path / "bad.yaml").write_bytes(b"\xef\xbb\xbf" + broken.encode())
    run = run_bounded("check", "bad.yaml", "--format", "plain", cwd=tmp_path)
    assert_clean_failure(run)
    assert run.stdout.startswith("bad.yaml:5:"), run.stdout
