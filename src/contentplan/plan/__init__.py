"""`contentplan plan`: weekly schedules with OR-Tools CP-SAT (docs/plan.md).

The package reads like the spec, one module per concern:

- ``problem``: what a plan is asked for (items, weeks, pinned posts) and what
  it returns (placements, or the rules in conflict);
- ``slots``: the candidate posting times of each planning platform, minus DST
  gaps, quiet hours, blackouts and slots that pinned posts hold;
- ``items``: backlog items and skeleton placeholders, and which slots each may
  take (its own platforms and days, format, title length, campaign, expiry);
- ``series``: the instances of the rules' series, filled first and then
  pinned; ``evergreen``: repeats of published evergreen items, and the
  level that places them where fresh items leave room;
- ``groups``: the mix groups (platform or brand, per window) and their bands;
- ``build``: the CP-SAT variables, and one function per constraint family in
  ``constraints``;
- ``objective``: the lexicographic levels of docs/plan.md;
- ``solve``: successive solves, time limits, Ctrl-C, progress; the tie-break;
- ``seed``: the week-by-week start of long plans;
- ``explain``: an infeasibility core in words;
- ``pinned``: pinned posts that already break a rule no added post can mend;
- ``emit``: the calendar text with the new posts appended, byte for byte.

The modules that build or solve models import ``cp_model`` through
``cpsat`` (which leaves pandas out); nothing on the ``check`` path imports
this package.
"""
