"""Each golden spec, generated afresh, gives exactly the reviewed tree in ``expected/``.

Same set of files, same bytes. A difference shows a unified diff per file; when the change is
intended, run ``make regen`` and review (read) the changed expected files before committing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .support import (
    EXPECTED,
    Job,
    compare_trees,
    expected_tree,
    generate_all,
    read_tree,
    spec_stems,
    split_runtime,
)

STEMS = spec_stems()
HINT = "run make regen if the change is intended (then review the diff of tests/golden/expected)"

Fresh = dict[str, tuple[Path, subprocess.CompletedProcess[str]]]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Fresh:
    """Every golden spec generated into a temporary folder (in parallel, once)."""
    root = tmp_path_factory.mktemp("golden")
    jobs = {stem: Job.golden(stem, root / stem) for stem in STEMS}
    results = generate_all(jobs.values())
    return {stem: (job.out, results[job]) for stem, job in jobs.items()}


def test_there_are_golden_specs() -> None:
    assert len(STEMS) >= 11, STEMS


def test_every_spec_has_an_expected_tree_and_nothing_else() -> None:
    trees = sorted(p.name for p in EXPECTED.iterdir() if p.is_dir())
    assert trees == STEMS, HINT


@pytest.mark.parametrize("stem", STEMS)
def test_generated_tree_matches_expected(stem: str, fresh: Fresh) -> None:
    out, result = fresh[stem]
    assert result.returncode == 0, f"gen failed for {stem}.yaml:\n{result.stderr}"
    actual = read_tree(out)
    _, _, changed = split_runtime(actual)
    problems = changed + compare_trees(expected_tree(stem), actual)
    if problems:
        pytest.fail(
            f"{stem}: the generated package differs from tests/golden/expected/{stem} "
            f"({len(problems)} difference(s)); {HINT}\n\n" + "\n".join(problems),
            pytrace=False,
        )


def test_compare_trees_reports_every_kind_of_difference() -> None:
    expected = {"a.py": b"x = 1\n", "gone.py": b""}
    actual = {"a.py": b"x = 2\n", "new.py": b""}
    problems = compare_trees(expected, actual)
    assert problems[0] == "missing (not generated any more): gone.py"
    assert problems[1] == "new (not in expected/): new.py"
    assert "-x = 1\n+x = 2\n" in problems[2]
    assert compare_trees(expected, dict(expected)) == []


def test_runtime_copies_are_checked_by_hash(tmp_path: Path) -> None:
    tree = expected_tree("enums")
    copies = [name for name in tree if name.startswith("golden_enums/_http")]
    assert copies == ["golden_enums/_http.py"]
    assert split_runtime(tree)[2] == []
    tree["golden_enums/_http.py"] += b"# edited\n"
    rest, found, changed = split_runtime(tree)
    assert "golden_enums/_http.py" in found and "golden_enums/_http.py" not in rest
    assert changed == [
        "runtime copy differs from templates/runtime/_http.py: golden_enums/_http.py"
    ]
