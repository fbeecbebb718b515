"""Output paths stay inside the output folder, also through symbolic links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.output.write import paths_inside, read_file, safe_path, write_new


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    (out / "pkg" / "models").mkdir(parents=True)
    (out / "pkg" / "models" / "a.py").write_text("a")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("s")
    os.symlink(tmp_path / "elsewhere", out / "pkg" / "away")  # a folder leading out
    os.symlink(tmp_path / "elsewhere" / "secret.txt", out / "pkg" / "leak.py")  # a file
    os.symlink(out / "pkg" / "models" / "a.py", out / "pkg" / "alias.py")  # stays inside
    return out


@pytest.mark.parametrize(
    "name", ["/etc/passwd", "\\x", "../x", "pkg/../../x", "pkg/\0", "pkg/away/secret.txt",
             "pkg/away/new.py", "pkg/leak.py"],
)  # fmt: skip
def test_every_way_out_is_refused(tree: Path, name: str) -> None:
    inside = paths_inside(tree)
    inside("pkg/models/a.py")  # folders resolved first are no shortcut for later names
    with pytest.raises(ValueError, match="outside the output folder"):
        inside(name)
    with pytest.raises(ValueError, match="outside the output folder"):
        safe_path(tree, name)


def test_paths_inside_are_the_resolved_paths(tree: Path) -> None:
    inside = paths_inside(tree)
    real = tree.resolve()
    assert inside("pkg/models/a.py") == real / "pkg" / "models" / "a.py"
    assert inside("pkg/models/new.py") == real / "pkg" / "models" / "new.py"
    assert inside("pkg/new/deeper.py") == real / "pkg" / "new" / "deeper.py"
    assert inside("pkg/alias.py") == real / "pkg" / "models" / "a.py"  # a link inside is fine
    for name in ("pkg/models/a.py", "pkg/alias.py", "top.txt"):
        assert inside(name) == (tree / name).resolve() == safe_path(tree, name)


def test_an_output_folder_reached_through_a_link(tmp_path: Path, tree: Path) -> None:
    link = tmp_path / "link"
    os.symlink(tree, link)
    assert paths_inside(link)("pkg/models/a.py") == tree.resolve() / "pkg" / "models" / "a.py"
    with pytest.raises(ValueError, match="outside"):
        paths_inside(link)("pkg/leak.py")


def test_a_staged_file_is_created_new_never_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("theirs")
    (tmp_path / "link.py").symlink_to(target)
    with pytest.raises(FileExistsError):
        write_new(tmp_path / "link.py", b"ours")
    assert target.read_text() == "theirs"
    data = bytes(range(256)) * 5000  # over 1 MB: read in more than one piece
    write_new(tmp_path / "new.py", data)
    assert read_file(tmp_path / "new.py") == data
    write_new(tmp_path / "empty.py", b"")
    assert read_file(tmp_path / "empty.py") == b""
