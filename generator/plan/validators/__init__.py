"""Plan the validators: each schema as a tree of checks (``checks``) that templates lay out."""

from .planner import ValidatorPlanner, owner_bases
from .state import ASSERTED_FORMATS

__all__ = ["ASSERTED_FORMATS", "ValidatorPlanner", "owner_bases"]
