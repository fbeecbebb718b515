"""Stage 4, render: the Jinja environment and the filters that turn plan data into text.

``filters`` is the one escaping boundary: every string from the spec reaches the output
through it (a Python literal, an f-string piece, a docstring- or comment-safe text).
``type_filters`` writes type annotations and codec expressions.
"""

from .environment import TEMPLATES, PlannedFile, environment, render_files

__all__ = ["TEMPLATES", "PlannedFile", "environment", "render_files"]
