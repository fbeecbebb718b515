"""``gen diff``: compare two specs at the API level and classify each change for a client user."""

from .api import diff_apis
from .run import run_diff

__all__ = ["diff_apis", "run_diff"]
