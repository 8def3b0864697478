"""The limits that keep untrusted input from exhausting the checker (SPEC §6)."""

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # files larger than this are refused unread
MAX_DEPTH = 100  # nesting deeper than this is refused
ALIAS_BASE = 10_000  # aliases may expand to at most ALIAS_BASE + ALIAS_FACTOR * written nodes
ALIAS_FACTOR = 10
# A file may hold at most this many YAML nodes (values, keys, lists and
# mappings, aliases counted as the nodes they stand for). Each node costs the
# checker memory whatever its size: without a cap, 64 MB of `[a,a,a,…]` or of
# `- <<: *post` lines would need gigabytes. 3,000,000 nodes is a calendar of
# about 270,000 posts.
MAX_NODES = 3_000_000
# After this many problems in one file, the reader stops and says so: a
# broken 200,000-post file would otherwise print (and build) 200,000 messages.
MAX_PROBLEMS = 1_000
