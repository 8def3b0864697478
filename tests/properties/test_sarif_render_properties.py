"""`--format sarif` writes each result from a template (for speed); for any
violations the log must be what ``json.dumps(log, ensure_ascii=False,
indent=2)`` writes, made safe by `json_safe`, each result the dict that
`_result` builds, and each fingerprint the hash of the identity as
``json.dumps`` spells it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contentplan.core.model import Violation
from contentplan.core.text import json_safe
from contentplan.render import sarif
from contentplan.render.ruledocs import rule_docs

# No lone surrogates: a fingerprint hashes the identity's UTF-8.
texts = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.sampled_from(["\x1b[31m", "\u202e", "\x85", "a\nb", '"\\', "产品", "\x7f", "schema"]),
)
counts = st.integers(min_value=-3, max_value=10**12)
violations = st.builds(
    Violation,
    check=st.sampled_from(["mix", "spacing", "schema", "not-a-check"]) | texts,
    severity=st.sampled_from(["error", "warning"]),
    file=st.sampled_from(["cal.yaml", "sub/产品 b.yaml", "../outside.yaml", "a%20#.yaml"]),
    line=counts,
    column=counts,
    message=texts,
    brand=st.none() | texts,
    platform=st.none() | texts,
    window=st.none() | texts,
    post_ids=st.lists(texts, max_size=4).map(tuple),
    expected=st.none() | st.dictionaries(texts, st.tuples(counts, counts), max_size=3),
    actual=st.none() | st.dictionaries(texts, counts, max_size=3),
    end_line=counts,
    end_column=counts,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(violations, max_size=5))
def test_sarif_log_is_what_the_json_module_writes(found: list[Violation]) -> None:
    root = Path.cwd()
    written = sarif.render_sarif(found, rule_docs=rule_docs(), version="9", root=root, cwd=root)
    log = json.loads(written)
    assert written == json_safe(json.dumps(log, ensure_ascii=False, indent=2)) + "\n"
    ordered = sorted(found, key=lambda v: v.order)
    results = log["runs"][0]["results"]
    rules = [rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]]
    seen: dict[str, int] = {}
    assert len(results) == len(ordered)
    for violation, result in zip(ordered, results, strict=True):
        check, brand, platform, window, post_ids = violation.identity
        key: list[object] = [check, brand, platform, window, sorted(set(post_ids))]
        if check == "schema":
            key += [violation.file, violation.message]
        text = json.dumps(key, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(text.encode()).hexdigest()[:32]
        seen[digest] = seen.get(digest, 0) + 1
        fingerprint = f"{digest}:{seen[digest]}"
        expected = sarif._result(
            violation, rules.index(violation.check), fingerprint, root, root, []
        )
        assert result == json.loads(json.dumps(expected))
