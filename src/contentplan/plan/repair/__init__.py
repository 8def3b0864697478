"""`contentplan fix`: the fewest moves that make a calendar pass (docs/fix.md).

A move changes only a post's ``at``: to another slot of its own platform in
the same ISO week, or with ``--across-weeks`` in any week the calendar
covers. Published posts never move. The package reads like the spec:

- ``problem``: which posts may move and where to (their *options*), built
  from a ``Brand`` with the planner's slot and eligibility code;
- ``model``: the CP-SAT model. Each option is one literal; the rules that a
  move can change (quiet hours, blackouts, campaign phases, expiry, spacing,
  duplicate titles, cadence, hot topics, and the mix when a move can change
  a window's counts) are constraints. Every violation the calendar has now
  gets a *waiver* literal that lets it stay, so the model always has a
  solution (nobody moves) and no move ever adds a violation;
- ``solve``: the levels, each solved to optimality and fixed: fewest
  violations left, then fewest moved posts, then the least total shift,
  then a fixed tie-break (posts in id order, staying before moving, earlier
  before later), so the answer does not depend on threads or machines;
- ``why``: for each violation left, the rules that stop every move that
  would mend it, found as a minimal core of assumption literals, in words;
- ``edit``: the calendar's text with only the moved posts' ``at:`` values
  rewritten in place, every other byte kept.

Only ``model``, ``solve`` and ``why`` use ``cp_model``, through
``plan.cpsat``.
"""
