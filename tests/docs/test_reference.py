"""docs/reference.md is the user's reference, and stays true:

- nothing a user sees (every command's --help, the JSON Schemas, the SARIF
  rules' help) cites the specification, which is not shipped;
- every ``docs/reference.md#anchor`` that the code cites is a heading of
  the document, and so is every ``#anchor`` the document links to itself;
- every check has a section with a failing calendar, the lines `check`
  prints for it (run through the real command line), and a passing one;
- the table of built-in platforms says what the profiles hold.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from contentplan.app.check import judge
from contentplan.core.catalogue import CHECK_NAMES
from contentplan.core.model import FORMATS
from contentplan.core.profiles import BUILTIN_PROFILES
from contentplan.load.gather import gather
from contentplan.render.ruledocs import rule_docs
from tests.conftest import ROOT
from tests.hardening.support import run_bounded

REFERENCE = ROOT / "docs" / "reference.md"
COMMANDS = (
    "init", "check", "show", "plan", "fix", "report", "insights", "export", "import",
    "import-results", "slots", "schema",
)
CITED = re.compile(r"docs/reference\.md#([A-Za-z0-9_-]+)")
MARKED = re.compile(r"<!-- (rules|fails|prints|passes) -->\n```[a-z]*\n(.*?)```", re.S)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped
    (but '-' and '_'), spaces as '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    found: set[str] = set()
    in_code = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and (heading := re.match(r"#{1,6} (.+)", line)):
            name = slug(heading[1])
            assert name not in found, f"two headings give #{name}: links would be ambiguous"
            found.add(name)
    return found


def test_the_slug_is_githubs() -> None:
    assert slug("Check `mix-brand`") == "check-mix-brand"
    assert slug("Instagram reels, carousels and stories") == "instagram-reels-carousels-and-stories"


# -- no "SPEC" where a user looks ------------------------------------------------


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_no_help_text_cites_the_spec(command: str) -> None:
    run = run_bounded(*([command] if command else []), "--help")
    assert run.code == 0, run.stderr
    assert "Usage" in run.stdout
    assert "SPEC" not in run.stdout, run.stdout


def test_the_root_help_points_at_the_reference() -> None:
    run = run_bounded("--help")
    assert "docs/reference.md" in run.stdout


@pytest.mark.parametrize("kind", ["calendar", "rules", "backlog"])
def test_no_schema_cites_the_spec(kind: str) -> None:
    run = run_bounded("schema", kind)
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["title"]
    assert "SPEC" not in run.stdout
    for anchor in CITED.findall(run.stdout):
        assert anchor in anchors(REFERENCE.read_text(encoding="utf-8"))


def test_no_sarif_rule_help_cites_the_spec(tmp_path: Path) -> None:
    (tmp_path / "cal.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: America/New_York\nposts:\n", encoding="utf-8"
    )
    run = run_bounded("check", "cal.yaml", "--format", "sarif", cwd=tmp_path)
    assert run.code == 0, run.stderr
    rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert {rule["id"] for rule in rules} == set(CHECK_NAMES)
    assert "SPEC" not in json.dumps(rules)
    for doc in rule_docs():  # also what the other CI formats take from them
        assert "SPEC" not in doc.text + doc.markdown + doc.summary, doc.name


def test_no_source_file_cites_the_spec() -> None:
    """Help, messages, HTML and docstrings alike: the specification is not
    shipped, so nothing in the package may send a reader to it."""
    cited = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*"))
        if path.is_file() and path.suffix in (".py", ".md", ".yaml", ".html", ".css")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bSPEC\b|SPEC\.md", line)
    ]
    assert cited == []


# -- anchors ---------------------------------------------------------------------


def test_every_anchor_the_code_cites_is_a_heading() -> None:
    headings = anchors(REFERENCE.read_text(encoding="utf-8"))
    cited = {
        (str(path.relative_to(ROOT)), anchor)
        for path in (ROOT / "src").rglob("*.py")
        for anchor in CITED.findall(path.read_text(encoding="utf-8"))
    }
    assert cited, "the code cites the reference"
    assert sorted(c for c in cited if c[1] not in headings) == []


def test_every_link_inside_the_docs_leads_to_a_heading() -> None:
    reference = REFERENCE.read_text(encoding="utf-8")
    headings = anchors(reference)
    own = set(re.findall(r"\]\(#([^)]+)\)", reference))
    assert own and own <= headings, sorted(own - headings)
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for anchor in re.findall(r"reference\.md#([A-Za-z0-9_-]+)", path.read_text("utf-8")):
            assert anchor in headings, f"{path.name} links to a missing #{anchor}"


# -- every check: fails, prints, passes ----------------------------------------------


def check_sections() -> dict[str, dict[str, str]]:
    """Each `### Check `name`` section's marked blocks, by mark."""
    text = REFERENCE.read_text(encoding="utf-8")
    parts = re.split(r"^### Check `([a-z-]+)`\n", text, flags=re.M)
    sections = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        body = re.split(r"^##? ", body, maxsplit=1, flags=re.M)[0]
        sections[name] = {mark: block for mark, block in MARKED.findall(body)}
    return sections


def test_every_check_has_a_section_with_examples() -> None:
    sections = check_sections()
    assert list(sections) == list(CHECK_NAMES)
    for name, blocks in sections.items():
        assert {"fails", "prints", "passes"} <= set(blocks), name


def write_example(folder: Path, rules: str, posts: str) -> Path:
    (folder / "rules").mkdir(exist_ok=True)
    (folder / "calendars").mkdir(exist_ok=True)
    (folder / "rules" / "acme.yaml").write_text("version: 1\n" + rules, encoding="utf-8")
    calendar = folder / "calendars" / "acme.yaml"
    assert posts.startswith("posts:\n")
    calendar.write_text(
        "version: 1\nbrand: acme\ntimezone: America/New_York\nrules: ../rules/acme.yaml\n"
        + posts,
        encoding="utf-8",
    )
    return calendar


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_the_failing_example_prints_what_the_reference_shows(tmp_path: Path, check: str) -> None:
    blocks = check_sections()[check]
    write_example(tmp_path, blocks.get("rules", ""), blocks["fails"])
    run = run_bounded(
        "check", "calendars/acme.yaml", "--select", check, "--format", "plain", cwd=tmp_path
    )
    printed = [line for line in run.stdout.splitlines() if line.startswith("calendars/")]
    assert printed == blocks["prints"].splitlines(), run.stdout + run.stderr
    errors = any(" error [" in line for line in printed)
    assert run.code == (2 if check == "schema" else 1 if errors else 0)


@pytest.mark.parametrize("check", CHECK_NAMES)
def test_the_passing_example_passes(tmp_path: Path, check: str) -> None:
    blocks = check_sections()[check]
    calendar = write_example(tmp_path, blocks.get("rules", ""), blocks["passes"])
    found = gather([str(calendar)])
    assert found.problems == []
    violations = judge(found, select=(check,), ignore=(), since=None)
    assert [v.message for v in violations] == []


# -- the built-in platforms ------------------------------------------------------------


def test_the_platform_table_says_what_the_profiles_hold() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("## Built-in platforms\n", 1)[1].split("\n### ", 1)[0]
    rows = {
        cells[0]: cells
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith(("| platform", "|---"))
        for cells in [[cell.strip() for cell in line.strip("|").split("|")]]
    }
    assert set(rows) == set(BUILTIN_PROFILES)
    for name, profile in BUILTIN_PROFILES.items():
        _, role, formats, max_title, max_per_day, slots = rows[name]
        assert role == (profile.role or "–"), name
        assert formats == ", ".join(f for f in FORMATS if f in (profile.formats or ())), name
        weighted = " (weighted)" if profile.title_units == "weighted" else ""
        assert max_title == f"{profile.max_title:,}{weighted}", name
        assert max_per_day == (str(profile.max_per_day) if profile.max_per_day else "–"), name
        assert slots == ", ".join(t.strftime("%H:%M") for t in profile.slots), name
        assert f"- **{name}** " in section, f"{name}: where its limits come from"


def test_rules_cannot_add_a_format_as_the_reference_says(tmp_path: Path) -> None:
    """The Instagram section quotes the error for `formats: [reel]`."""
    quoted = re.search(r"is an\nerror \(`(.+?)`\)", REFERENCE.read_text(encoding="utf-8"), re.S)
    assert quoted is not None
    calendar = write_example(
        tmp_path, "platforms:\n  instagram:\n    formats: [reel]\n", "posts:\n"
    )
    found = gather([str(calendar)])
    assert [p.message for p in found.problems] == [" ".join(quoted[1].split())]


def test_the_time_zone_section_shows_the_real_warning(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    shown = text.split("## Time zones\n", 1)[1].split("```text\n", 1)[1].split("\n```", 1)[0]
    calendar = tmp_path / "calendars" / "acme.yaml"
    calendar.parent.mkdir()
    calendar.write_text(
        textwrap.dedent(
            """\
            version: 1
            brand: acme
            timezone: EST
            posts:
              - {id: a, at: "2025-03-24 09:00", platform: x, pillar: story, title: A}
            """
        ),
        encoding="utf-8",
    )
    run = run_bounded("check", "calendars/acme.yaml", "--format", "plain", cwd=tmp_path)
    assert run.code == 0
    assert shown in run.stdout.splitlines()


def test_the_ignore_paragraph_names_every_check_a_post_may_ignore(tmp_path: Path) -> None:
    """It left out `placeholder`, which `ignore:` takes: the list the
    reference gives is the one `check` prints for a group check."""
    said = " ".join(REFERENCE.read_text(encoding="utf-8").split())
    start = said.index("may name the checks that judge single posts: ")
    sentence = said[start : said.index(".", start)].split(": ", 1)[1]
    listed = [name.strip("` ") for name in re.split(r", | and ", sentence)]
    (tmp_path / "c.yaml").write_text(
        "version: 1\nbrand: acme\ntimezone: UTC\nposts:\n"
        '  - {id: a, at: "2025-03-20 18:00", platform: x, pillar: story, title: "Hi",'
        " ignore: [mix]}\n",
        encoding="utf-8",
    )
    run = run_bounded("check", "c.yaml", "--format", "plain", cwd=tmp_path)
    assert run.code == 2, run.stderr  # a schema error
    found = re.search(r"a post may ignore only ([a-z, -]+);", run.stdout)
    assert found is not None, run.stdout
    assert listed == found[1].split(", ")


# -- results files ---------------------------------------------------------------------


def test_the_results_examples_read_as_the_reference_says(tmp_path: Path) -> None:
    from contentplan.core.engagement import METRICS, Measurement
    from contentplan.load.results import read_results

    text = REFERENCE.read_text(encoding="utf-8")
    section = text.split("## Results files\n", 1)[1].split("\n## ", 1)[0]
    csv_block = re.search(r"```csv\n(.*?)```", section, re.S)
    yaml_block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert csv_block and yaml_block
    (tmp_path / "r.csv").write_text(csv_block[1], encoding="utf-8")
    (tmp_path / "r.yaml").write_text(yaml_block[1], encoding="utf-8")
    rows, problems = read_results([str(tmp_path / "r.csv")])
    assert problems == [] and len(rows) == 3
    yaml_rows, problems = read_results([str(tmp_path / "r.yaml")])
    assert problems == [] and len(yaml_rows) == 2
    # the columns the table names are the columns a results file has
    named = re.findall(r"`([a-z_]+)`", "".join(
        line.split(" | ")[0] for line in section.splitlines() if line.startswith("| `")
    ))
    assert named == ["id", "measured_at", "brand", *METRICS]
    # the figure: interactions = likes + comments + shares + saves, per impression
    row = Measurement("a", rows[0].measured_at, {"impressions": 1000, "likes": 5, "comments": 2,
                                                 "shares": 2, "saves": 1, "views": 99})
    assert "likes + comments + shares + saves" in section
    assert (row.interactions, row.rate) == (10, 0.01)
    per_follower = Measurement("a", rows[0].measured_at, {"likes": 5, "followers": 500})
    assert per_follower.rate == 0.01
