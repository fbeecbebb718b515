# pyright: reportUnknownMemberType=false, reportUnknownVariableType=false, reportUnknownArgumentType=false, reportPrivateUsage=false, reportUnusedFunction=false
"""``UNSET``: the value of an optional field that was absent, as opposed to ``None`` (null).

An absent field stays absent when a model is encoded again; a field set to ``None`` is sent as
``null``. ``Unset`` is a one-member enum so that type checkers narrow on ``x is UNSET``.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = ["UNSET", "Unset"]


class Unset(enum.Enum):
    """The type of :data:`UNSET`."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET
