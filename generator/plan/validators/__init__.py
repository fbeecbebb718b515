"""Plan the validators: each schema as a tree of checks (``checks``) that templates lay out."""

from .planner import ASSERTED_FORMATS, ValidatorPlanner, owner_bases

__all__ = ["ASSERTED_FORMATS", "ValidatorPlanner", "owner_bases"]
