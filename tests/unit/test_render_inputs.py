"""What each rendered file depends on (generator/render/inputs.py): the context names its
template reads, and a digest that changes exactly when one of those values does."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from generator.plan.files import PlannedFile
from generator.render.inputs import _names_read, input_digests
from tests.unit.plan_support import client_of, document

TEMPLATES = {
    "plain.jinja": "{{ header }}{% for x in mod.items %}{{ x }}{% endfor %}{% set local = 1 %}",
    "macros.jinja": "{% macro m(v) %}{{ v }}{{ other }}{% endmacro %}",
    "imports.jinja": '{% import "macros.jinja" as k %}{{ k.m(mod) }}',
    "with_context.jinja": '{% import "macros.jinja" as k with context %}{{ k.m(mod) }}',
    "includes.jinja": '{% include "plain.jinja" %}',
}


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> jinja2.Environment:
    monkeypatch.setenv("GEN_CACHE_DIR", str(tmp_path / "cache"))
    return jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES))


def test_a_template_reads_the_names_it_uses_and_those_of_templates_imported_with_context(
    env: jinja2.Environment,
) -> None:
    assert _names_read(env, "plain.jinja", frozenset()) == {"header", "mod"}
    assert _names_read(env, "imports.jinja", frozenset()) == {"mod"}
    assert _names_read(env, "with_context.jinja", frozenset()) == {"mod", "other"}
    assert _names_read(env, "includes.jinja", frozenset()) == {"*"}  # everything


def _digest(env: jinja2.Environment, template: str, **context: object) -> str:
    files = [PlannedFile(path="a.py", template=template, context=context)]
    return input_digests(files, env, "options", "these templates")["a.py"]


def test_the_digest_changes_with_the_values_read_only(env: jinja2.Environment) -> None:
    base = _digest(env, "plain.jinja", header="h", mod=(1, 2), client="big")
    assert _digest(env, "plain.jinja", header="h", mod=(1, 2), client="other") == base
    assert _digest(env, "plain.jinja", header="h", mod=(1, 3), client="big") != base
    assert _digest(env, "plain.jinja", header="H", mod=(1, 2), client="big") != base
    # what an included template reads is not known: every value counts
    included = _digest(env, "includes.jinja", header="h", mod=(1, 2), client="big")
    assert _digest(env, "includes.jinja", header="h", mod=(1, 2), client="other") != included


def test_the_names_read_are_kept_between_runs(env: jinja2.Environment, tmp_path: Path) -> None:
    first = _digest(env, "with_context.jinja", mod="m", other="o")
    kept = list((tmp_path / "cache" / "template-reads").glob("*.json"))
    assert len(kept) == 1 and "with_context.jinja" in kept[0].read_text(encoding="utf-8")
    assert _digest(env, "with_context.jinja", mod="m", other="o") == first
    assert _digest(env, "with_context.jinja", mod="m", other="p") != first


def test_the_client_plan_digest_follows_every_operation_group(env: jinja2.Environment) -> None:
    """The client plan is digested from the digests of its groups and the rest: a change in
    one group, or in the rest, changes it."""
    ok = {"responses": {"200": {"description": "ok"}}}
    spec = document(
        paths={
            "/pets": {"get": {"operationId": "listPets", "tags": ["pets"], **ok}},
            "/users": {"get": {"operationId": "listUsers", "tags": ["users"], **ok}},
        },
        servers=[{"url": "https://api.example.com"}],
    )
    client, _ = client_of(spec)
    base = _digest(env, "plain.jinja", header="h", mod=client)
    assert _digest(env, "plain.jinja", header="h", mod=client) == base
    renamed = replace(client.namespaces[1], class_name="Other")
    changed = replace(client, namespaces=(client.namespaces[0], renamed))
    assert _digest(env, "plain.jinja", header="h", mod=changed) != base
    assert _digest(env, "plain.jinja", header="h", mod=replace(client, servers=())) != base
