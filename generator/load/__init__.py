"""Stage 1, load: read the spec and every file its ``$ref``s reach, keeping source positions.

In: a path. Out: a :class:`SourceSet` of parsed documents (plain JSON values) and a
:class:`Locator` that turns a JSON pointer back into ``file:line:col`` for diagnostics.
Nothing here knows what OpenAPI means beyond finding references.
"""

from .document import Document, Limits
from .loader import LIMITS, SourceSet, load, walk
from .sourcemap import Locator, line_col, position

__all__ = [
    "LIMITS",
    "Document",
    "Limits",
    "Locator",
    "SourceSet",
    "line_col",
    "load",
    "position",
    "walk",
]
