"""``client_defaults:`` in gen.yaml: parameters given once to the client although few
operations take them; a name no operation has is an error."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from tolerant_support import SPEC

from generator.cli import cli


def _generate(tmp_path: Path, config: str) -> tuple[int, str, Path]:
    config_path = tmp_path / "gen.yaml"
    config_path.write_text(config, encoding="utf-8")
    out = tmp_path / "out"
    arguments = ["--spec", str(SPEC), "--config", str(config_path), "--out", str(out)]
    result = CliRunner().invoke(cli, arguments)
    return result.exit_code, result.output, out


def test_a_configured_parameter_becomes_a_client_argument(tmp_path: Path) -> None:
    code, output, out = _generate(tmp_path, "client_defaults: [cursor]\n")
    assert code == 0, output
    client = (out / "absence_api" / "_client.py").read_text(encoding="utf-8")
    assert "        cursor: str | None = None,\n" in client
    assert "        integration_id: str | None = None,\n" in client  # shared by 3 of 4


def test_an_unknown_parameter_name_is_an_error(tmp_path: Path) -> None:
    code, output, out = _generate(tmp_path, "client_defaults: [X-Integration-ID]\n")
    assert code == 2
    assert "no operation has a header, query or cookie parameter 'X-Integration-ID'" in output
    assert "did you mean 'X-Integration-Id'?" in output
    assert not out.exists()
