"""Rendered Python made final (generator/render/finish.py): exactly the imports used, sorted
import blocks and ``__all__``; the result is what ruff's fixes would give."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import generator.pipeline  # noqa: F401  (loads the stages in their order)
from generator.render.finish import finish_python

MODULE = textwrap.dedent(
    '''\
    """Models for identity (the word ``remember`` in a docstring keeps nothing)."""

    from __future__ import annotations

    from collections.abc import Callable
    from typing import TYPE_CHECKING, Any, Literal, TypeAlias

    from .._models import (
        NULL,
        Invalid,
        identity,
        invalid,
        remember,
        to_json_value,
    )
    from .._unset import UNSET, Unset

    if TYPE_CHECKING:
        from ._zeta import Zeta
        from ._alpha import Beta
        from ._alpha import Alpha
        from . import _zeta as _m_zeta

    __all__ = [
        "pet_from_json",
        "Pet",
        "PET_KINDS",
        "Item10",
        "Item9",
    ]

    Kind: TypeAlias = "Literal['a'] | Zeta | Alpha"
    Other: TypeAlias = 'Beta'

    # Callable in a comment keeps nothing
    NAMES = {"Unset": 1, 'to_json_value': 2}


    def pet_from_json(value: Any) -> str:
        """``invalid`` is only named here."""
        return f"{NULL!r}{value}" if value is not UNSET else str(_m_zeta)
    '''
)


def test_only_the_imports_the_code_uses_are_kept() -> None:
    out = finish_python(MODULE)
    assert "from .._models import NULL\n" in out
    assert "from .._unset import UNSET\n" in out
    assert "Callable" not in out.split("if TYPE_CHECKING")[0]
    assert "from typing import TYPE_CHECKING, Any, Literal, TypeAlias\n" in out  # Literal: alias
    for gone in ("Invalid", "identity", "invalid,", "remember,", "to_json_value,"):
        assert gone not in out.split("__all__")[0].split('"""', 2)[2], gone


def test_guarded_imports_and_all_are_sorted_as_ruff_sorts_them() -> None:
    out = finish_python(MODULE)
    assert (
        "if TYPE_CHECKING:\n"
        "    from . import _zeta as _m_zeta\n"
        "    from ._alpha import Alpha, Beta\n"
        "    from ._zeta import Zeta\n"
    ) in out
    assert '__all__ = [\n    "PET_KINDS",\n    "Item9",\n    "Item10",\n    "Pet",\n' in out


def test_exported_names_are_used_and_long_imports_are_wrapped() -> None:
    long_name = "A" * 90 + "b"
    text = (
        f"from .mod import {long_name}, Other\nfrom .two import Gone\n\n"
        f'__all__ = ["{long_name}", "Other"]\n'
    )
    out = finish_python(text)
    assert out == (
        f"from .mod import (\n    {long_name},\n    Other,\n)\n\n"
        f'__all__ = ["{long_name}", "Other"]\n'
    )


def test_the_result_is_clean_for_ruff(tmp_path: Path) -> None:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(finish_python(MODULE), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--line-length",
         "100", "--select", "F401,I001,RUF022", "--target-version", "py311", "."],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_all_sorts_one_capital_letter_as_a_class_name_like_ruff() -> None:
    """RUF022: ``A`` is a class name (after the constants ``CONST`` and ``X1``), not a constant."""
    source = '"""d."""\n\n__all__ = ["decode_a", "C", "B", "A", "Alias", "X1", "CONST", "Circle"]\n'
    assert finish_python(source).endswith(
        '__all__ = ["CONST", "X1", "A", "Alias", "B", "C", "Circle", "decode_a"]\n'
    )


def test_a_quoted_alias_too_long_for_its_line_keeps_its_imports() -> None:
    # the models templates lay a long alias out as ruff does: the string alone on its line
    text = textwrap.dedent(
        '''\
        """Models."""

        from __future__ import annotations

        from typing import TYPE_CHECKING, TypeAlias

        from .._models import Invalid, Model

        if TYPE_CHECKING:
            from ._by_asset import LibraryActionsByAsset
            from ._by_team import LibraryActionsByTeam
            from ._unused import Unused

        Rows: TypeAlias = (
            "list[LibraryActionsByAsset] | list[LibraryActionsByTeam] | list[Model]"
        )
        """Only the alias names the classes; ``Unused`` and ``Invalid`` are in no code."""
        '''
    )
    out = finish_python(text)
    assert "from ._by_asset import LibraryActionsByAsset\n" in out
    assert "from ._by_team import LibraryActionsByTeam\n" in out
    assert "from .._models import Model\n" in out
    assert "Unused\n" not in out.split('"""Only')[0]
    assert "Invalid" not in out.split('"""Only')[0]
