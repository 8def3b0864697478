"""The names of `check`'s report formats, low enough for the settings
(`format:`) to read them; ``render.formats`` maps each name to its renderer.
Adding a format: its name here, its entry there."""

from __future__ import annotations

AUTO = "auto"  # not a renderer: github, rich or plain, chosen at run time
REPORT_FORMATS: tuple[str, ...] = (AUTO, "rich", "plain", "json", "sarif", "junit", "github")
