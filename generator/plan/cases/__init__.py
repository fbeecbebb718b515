"""Plan the generated tests' data: valid samples and one violation per constraint."""

from .cases import plan_cases

__all__ = ["plan_cases"]
