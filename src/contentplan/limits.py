"""The limits that keep untrusted input from exhausting the checker (SPEC §6)."""

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # files larger than this are refused unread
MAX_DEPTH = 100  # nesting deeper than this is refused
ALIAS_BASE = 10_000  # aliases may expand to at most ALIAS_BASE + ALIAS_FACTOR * written nodes
ALIAS_FACTOR = 10
