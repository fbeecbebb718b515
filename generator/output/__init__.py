"""Stage 5, output: format the rendered files with ruff and write them safely.

The tree is staged in a temporary folder and swapped in, so a failed run never destroys
the previous output; ``--check`` compares instead of writing.
"""

from .format import RUFF_ARGS, FormatError, format_tree
from .write import MANIFEST, Outcome, OutputConflict, check_tree, staged, swap_in

__all__ = [
    "MANIFEST",
    "RUFF_ARGS",
    "FormatError",
    "Outcome",
    "OutputConflict",
    "check_tree",
    "format_tree",
    "staged",
    "swap_in",
]
