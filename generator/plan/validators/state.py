"""The validators planner's working state: functions planned per (schema, mode), shared by
structure, constants (regexes, string and value sets, dispatch tables) by content hash, and
names from schema pointers.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ...ir.discriminators import dispatch_targets
from ...ir.fingerprint import Fingerprints
from ...ir.nodes import Api, Json, Pattern, Schema
from ...naming.words import Scope, identifier
from ...pointers import unescape_parts
from . import checks as c

__all__ = ["ASSERTED_FORMATS"]

ASSERTED_FORMATS = frozenset({"date-time", "date", "time", "uuid", "ipv4", "ipv6"})


INLINE_ENUM_MAX = 4
#: up to this many required names are tested one by one, more by one subset test
INLINE_REQUIRED_MAX = 2


Checks = list[c.Check]


RESERVED: frozenset[str] = frozenset(
    {
        "v",
        "p",
        "out",
        "re",
        "annotations",
        "ValidationIssue",
        "json_in",
        "is_unique",
        "is_multiple",
        "is_integer",
        "is_number",
        "Matches",
        "key_path",
        "FORMATS",
        "json_type",
        "missing",
        "mistyped",
        "typed",
        "report",
        "SCHEMA_VALIDATORS",
        "Check",
        "Valid",
        "_v",
    }
)


@dataclass(frozen=True, slots=True)
class At:
    """The value being checked: its variable, its JSON path, the nesting depth, the mode."""

    var: str
    path: c.JsonPath
    depth: int
    mode: c.Mode

    def sub(self, var_prefix: str, path: c.JsonPath) -> At:
        return At(f"{var_prefix}{self.depth + 1}", path, self.depth + 1, self.mode)

    def var_at(self, prefix: str) -> str:
        return f"{prefix}{self.depth + 1}"


@dataclass(slots=True)
class Planner:
    """Plans the validator functions: one per schema and mode, shared by equal shapes."""

    api: Api
    bases: Mapping[str, str]  # pointer prefix -> base name
    #: the keyword planners applied to every node, in order (see the node plans)
    node_plans: tuple[NodePlan, ...]
    #: schemas whose ``format`` is an annotation only (see relax.py)
    relaxed_formats: frozenset[str] = frozenset()
    #: module -> the function names taken in it (names are local to their module)
    scopes: dict[str, Scope] = field(default_factory=dict)
    functions: dict[tuple[str, c.Mode], str] = field(default_factory=dict)
    #: (pointer asked for, mode asked for) -> the function's id (see :meth:`function`)
    asked: dict[tuple[str, c.Mode], str] = field(default_factory=dict)
    shared: dict[tuple[str, c.Mode], str] = field(default_factory=dict)
    fingerprint: Fingerprints = field(default_factory=Fingerprints)
    bodies: dict[str, c.ValidatorFunction] = field(default_factory=dict)
    queue: deque[tuple[Schema, c.Mode, str]] = field(default_factory=deque)
    regexes: dict[str, Pattern] = field(default_factory=dict)
    string_sets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    name_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    json_sets: dict[str, tuple[Json, ...]] = field(default_factory=dict)
    tables: dict[str, c.DispatchTable] = field(default_factory=dict)
    #: pointer -> whether ``loose`` differs from ``valid`` anywhere under its schema
    open_parts: dict[str, bool] = field(default_factory=dict)
    #: pointer -> its module of ``_validators`` (see :meth:`module`)
    modules: dict[str, str] = field(default_factory=dict)
    #: pointer -> its owner prefix and the words of the rest (see :meth:`placed`)
    places: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)  # see :meth:`prefix`
    #: names made (functions and constants asked for) and other answers bound to a place so
    #: far: checks planned while it stays the same depend on structure alone
    bound: int = 0
    #: (fingerprint, where) -> the checks of such a node, when they name nothing
    structural: dict[tuple[str, At], tuple[c.Check, ...]] = field(default_factory=dict)
    #: (fingerprint, variable) -> the inline checks of such a node, when they name nothing
    nameless: dict[tuple[str, str], tuple[c.Check, ...]] = field(default_factory=dict)
    #: function id (``<module>.<name>``) -> the module of ``_validators`` that defines it
    module_of: dict[str, str] = field(default_factory=dict)
    #: module -> constants defined there for the models' inline checks (see ``outside``)
    extras: dict[str, set[str]] = field(default_factory=dict)
    #: function -> the constants and tables its body names (recorded while it is planned)
    used: dict[str, set[str]] = field(default_factory=dict)
    #: while a function is planned: its module and the constants it names so far
    here: str | None = None
    naming: set[str] | None = None

    # ------------------------------------------------------------ functions
    def function(self, schema: Schema, mode: c.Mode) -> str:
        """The function applying ``schema`` in ``mode``, queued for planning on first use.

        Functions are known by their id, ``<module>.<name>``: the module (one per owner)
        already names the owner, so the name only says the mode and where in the owner the
        schema sits (``check``, ``valid_item``, ``loose_param0``). Nodes with the same
        structure share one function (see fingerprint.py). While a function is planned, one
        of its own module is named plainly and one of another module ``_v.<module>.<name>``;
        outside planning the id is returned.
        """
        self.bound += 1
        asked = (schema.pointer, mode)
        fid = self.asked.get(asked)
        if fid is None:
            fid = self.asked[asked] = self._function(self.api.target(schema), mode)
        if self.here is None:
            return fid
        home, _, name = fid.partition(".")
        return name if home == self.here else f"_v.{fid}"

    def _function(self, schema: Schema, mode: c.Mode) -> str:
        if mode == "loose" and not self.has_open_parts(schema):
            mode = "valid"
        key = (schema.pointer, mode)
        fid = self.functions.get(key)
        if fid is None:
            shape = (self.fingerprint(schema), mode)
            fid = self.shared.get(shape)
            if fid is None:
                home = self.module(schema.pointer)
                scope = self.scopes.get(home) or self.scopes.setdefault(home, Scope(RESERVED))
                fid = f"{home}.{scope.claim(self.local(mode, schema.pointer))}"
                self.shared[shape] = fid
                self.module_of[fid] = home
                self.queue.append((schema, mode, fid))
            self.functions[key] = fid
        return fid

    def has_open_parts(self, schema: Schema) -> bool:
        """Whether ``loose`` differs from ``valid`` anywhere under ``schema`` (memoised: a
        search that finds nothing clears every node it reached)."""
        found = self.open_parts.get(schema.pointer)
        if found is None:
            seen: set[str] = set()
            found = _has_open_parts(self.api, schema, seen, self.open_parts)
            if not found:
                self.open_parts.update(dict.fromkeys(seen, False))
            self.open_parts[schema.pointer] = found
        return found

    def nested(self, schema: Schema, at: At) -> Checks:
        """Checks of a value inside the current one: inline when small and not too deep
        (Python compiles at most 20 nested loops in one function), else a call."""
        if _is_leaf(schema) and at.depth < MAX_INLINE_DEPTH:
            return self.checks(schema, at)
        return [c.Call(var=at.var, path=at.path, function=self.function(schema, at.mode))]

    def module(self, pointer: str) -> str:
        """The module of ``_validators`` for the schema at ``pointer``: one per owner (a
        component schema, an operation...), as ``models/`` has."""
        found = self.modules.get(pointer)
        if found is None:
            prefix = self.prefix(pointer)
            found = self.modules[pointer] = "_" + identifier(self.bases.get(prefix, "schema"))
        return found

    def prefix(self, pointer: str) -> str:
        """The longest key of ``bases`` that is ``pointer`` or an ancestor ("" if none):
        :func:`~generator.pointers.longest_prefix`, memoised for every pointer on the way."""
        path: list[str] = []  # the pointers on the way up, not yet known
        candidate: str | None = pointer
        found = None
        while candidate is not None:
            found = self.prefixes.get(candidate)
            if found is not None:
                break
            path.append(candidate)
            if candidate in self.bases:
                found = candidate
                break
            cut = candidate.rfind("/")
            candidate = candidate[:cut] if cut > 0 else None
        found = found or ""
        for p in path:
            self.prefixes[p] = found
        return found

    @staticmethod
    def ref(fid: str) -> str:
        """A function (by id) as code outside ``_validators``: ``_v.<module>.<name>``."""
        return f"_v.{fid}"

    def inline(self, schema: Schema, var: str) -> tuple[c.Check, ...]:
        """The lenient checks of ``schema`` held in ``var``, for code outside ``_validators``
        (see :meth:`.planner.ValidatorPlanner.inline`). Checks that name nothing depend on
        the node's structure alone: those are made once per fingerprint (unless a format is
        relaxed somewhere: that depends on the pointer)."""
        module = self.module(self.api.target(schema).pointer)
        leaf = schema.ref is None and _is_leaf(schema)  # else a call: a name
        key = (self.fingerprint(schema), var) if leaf and not self.relaxed_formats else None
        found = None if key is None else self.nameless.get(key)
        if found is not None:
            self.extras.setdefault(module, set())
            return found
        named: list[str] = []
        checks = self.nested(schema, At(var, c.JsonPath("p"), 0, "loose"))
        out = self.outside(checks, module, named)
        if key is not None and not named:
            self.nameless[key] = out
        return out

    def outside(self, checks: Checks, module: str, named: list[str]) -> tuple[c.Check, ...]:
        """``checks`` (planned with plain names) for code outside ``_validators``: functions
        through their modules, constants and tables through ``module``, which defines them
        (each name met is added to ``named``)."""
        extras = self.extras.setdefault(module, set())

        def rename(name: str) -> str:
            named.append(name)
            if name in self.module_of:
                return self.ref(name)
            extras.add(name)
            return f"_v.{module}.{name}"

        return c.renamed(tuple(checks), rename)

    def base(self, pointer: str) -> str:
        prefix, words = self.placed(pointer)
        head = self.bases.get(prefix, "schema")
        return head + ("__" + "_".join(words) if words else "")

    def local(self, mode: c.Mode, pointer: str) -> str:
        """The name in its module of the ``mode`` function of the schema at ``pointer``."""
        return "_".join((mode, *self.placed(pointer)[1]))

    def placed(self, pointer: str) -> tuple[str, tuple[str, ...]]:
        """The owner prefix of ``pointer`` and the words of the rest (memoised)."""
        found = self.places.get(pointer)
        if found is None:
            prefix = self.prefix(pointer)
            found = self.places[pointer] = (prefix, tuple(self.words(pointer, prefix)))
        return found

    @staticmethod
    def words(pointer: str, prefix: str) -> list[str]:
        return _pointer_words(pointer[len(prefix) :] if prefix else pointer.partition("#")[2])

    def drain(self) -> None:
        while self.queue:
            schema, mode, fid = self.queue.popleft()
            at = At("v", c.JsonPath("p"), 0, mode)
            self.here, self.naming = self.module_of[fid], set()
            body = tuple(self.checks(schema, at))
            self.used[fid], self.here, self.naming = self.naming, None, None
            self.bodies[fid] = c.ValidatorFunction(
                name=fid.partition(".")[2],
                module=self.module_of[fid],
                mode=mode,
                pointer=schema.pointer,
                body=body,
            )

    # ------------------------------------------------------------ constants
    def constant(self, name: str) -> str:
        """``name`` (a constant or table), recorded as used by the function being planned."""
        self.bound += 1
        if self.naming is not None:
            self.naming.add(name)
        return name

    def regex(self, pattern: Pattern) -> str:
        name = "_RE_" + digest(pattern.python)
        self.regexes[name] = pattern
        return self.constant(name)

    @staticmethod
    def memo(regex: str) -> str:
        """The name of the memo of answers of the ``regex`` constant."""
        return regex + "_SEEN"

    def string_set(self, values: tuple[str, ...]) -> str:
        name = "_STRINGS_" + digest("\0".join(values))
        self.string_sets[name] = values
        return self.constant(name)

    def name_list(self, values: tuple[str, ...]) -> str:
        name = "_NAMES_" + digest("\0".join(values))
        self.name_lists[name] = values
        return self.constant(name)

    def json_set(self, values: tuple[Json, ...]) -> str:
        name = "_VALUES_" + digest("\0".join(v.text for v in values))
        self.json_sets[name] = values
        return self.constant(name)

    # ------------------------------------------------------------ checks of one node
    def checks(self, schema: Schema, at: At) -> Checks:
        if schema.boolean is False:
            return [
                c.Fail(
                    var=at.var, path=at.path, keyword="false", message="no value is allowed here"
                )
            ]
        # checks that name nothing depend on the node's structure and ``at`` alone: made once
        # (unless a format is relaxed somewhere: that depends on the pointer)
        key = None if self.relaxed_formats else (self.fingerprint(schema), at)
        known = None if key is None else self.structural.get(key)
        if known is not None:
            return list(known)
        bound = self.bound
        out: Checks = []
        for plan in self.node_plans:
            out.extend(plan(self, schema, at))
        if schema.nullable and out:
            out = [c.Nullable(var=at.var, path=at.path, body=tuple(out))]
        if key is not None and self.bound == bound:
            self.structural[key] = tuple(out)
        return out

    def place_bound(self) -> None:
        """Note that the checks being planned depend on where the node is, not only on its
        structure (beyond the names they hold, which note it themselves)."""
        self.bound += 1


#: levels of nested values checked inline in one function; deeper ones get a function
MAX_INLINE_DEPTH = 8


def _is_leaf(s: Schema) -> bool:
    """Small enough to inline into its parent: no properties or applicators of its own."""
    if s.properties or s.pattern_properties or s.all_of or s.any_of or s.one_of:
        return False
    if s.not_ is not None or s.if_ is not None or s.dependent_schemas:
        return False
    return s.items is None or (
        not s.items.properties and not s.items.all_of and not s.items.any_of and not s.items.one_of
    )


def digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:10].upper()


_WORD_OF = {
    "items": "item",
    "additionalProperties": "value",
    "not": "not",
    "if": "if",
    "then": "then",
    "else": "else",
    "contains": "contains",
    "propertyNames": "key",
    "additionalItems": "item",
}


_INDEXED = {
    "allOf": "all",
    "anyOf": "any",
    "oneOf": "one",
    "prefixItems": "item",
    "parameters": "param",
    "responses": "response",
}


_SKIPPED = {"properties", "$defs", "definitions", "schema"}


def _pointer_words(rest: str) -> list[str]:
    tokens = unescape_parts(rest) if rest.startswith("/") else []
    words: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in _INDEXED and i + 1 < len(tokens):
            words.append(f"{_INDEXED[token]}{tokens[i + 1]}")
            i += 2
            continue
        if token in ("patternProperties", "dependentSchemas", "content") and i + 1 < len(tokens):
            words += {"patternProperties": ["pattern"], "dependentSchemas": ["dep"]}.get(token, [])
            i += 2
            continue
        if token == "requestBody":
            words.append("body")
            i += 1
            continue
        if token not in _SKIPPED:
            words.append(_WORD_OF.get(token) or identifier(token))
        i += 1
    return words


def _has_open_parts(api: Api, schema: Schema, seen: set[str], known: dict[str, bool]) -> bool:
    """Whether ``loose`` differs from ``valid`` anywhere under ``schema`` (open enums etc.);
    ``known`` holds the answers of earlier searches."""
    if schema.pointer in seen:
        return False
    done = known.get(schema.pointer)
    if done is not None:
        return done
    seen.add(schema.pointer)
    if open_enum(schema) or (
        schema.additional_properties is not None and schema.additional_properties.boolean is False
    ):
        return True
    subs: list[Schema] = [s for _, s in schema.properties] + [
        s for _, s in schema.pattern_properties
    ]
    subs += [
        s
        for s in (schema.items, schema.additional_properties, schema.then, schema.else_)
        if s is not None
    ]
    subs += [*schema.prefix_items, *schema.all_of, *schema.any_of]
    if schema.ref is not None and schema.ref in api.schemas:
        subs.append(api.schemas[schema.ref])
    if schema.discriminator is not None:
        subs += [t for _, t in dispatch_targets(api, schema)]
    return any(_has_open_parts(api, s, seen, known) for s in subs)


def open_enum(schema: Schema) -> bool:
    """A string enum (maybe with null): unknown strings are kept when decoding responses."""
    return (
        schema.enum is not None
        and len(schema.enum) > 0
        and all(isinstance(v.value, str) or v.value is None for v in schema.enum)
        and any(isinstance(v.value, str) for v in schema.enum)
    )


NodePlan = Callable[[Planner, Schema, At], Iterable[c.Check]]
