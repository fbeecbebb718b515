"""A small run of the mutation fuzzer (``make fuzz`` runs 500): the oracle holds on 20 mutants.

Only the specs of the test suite are mutated here (never ``../shared``), and gen runs in this
process (a subprocess per mutant costs more than the run). The run is seeded, so it is the same
20 mutants every time; a failure prints what was changed and gen's stderr.
"""

from __future__ import annotations

from tests.fuzz.fuzzer import SEEDS, Settings, read_seed, run


def test_twenty_mutants_exit_0_or_2_cleanly() -> None:
    seeds = [s for s in (read_seed(p) for p in SEEDS if p.name != "kombo.yaml") if s is not None]
    settings = Settings(timeout=60, test_every=20, in_process=True)
    report = run(seeds, seed=11, indices=range(20), settings=settings)
    details = [
        f"#{o.mutant.index} {o.mutant.seed.path.name}: {o.failure}; {o.mutant.changes}\n"
        f"{o.stderr[-2000:]}"
        for o in report.failures
    ]
    assert not details, "\n".join(details)
    codes = {o.code for o in report.outcomes}
    assert codes == {0, 2}  # both halves of the oracle were exercised
    assert any(o.tested for o in report.outcomes)  # and one package's own tests ran
