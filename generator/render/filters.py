"""Jinja filters: the only way spec text and values reach the generated source.

* ``py`` — a Python literal (``repr`` for strings: quotes, backslashes, NUL, ``\\r``,
  U+2028/U+2029 and every other non-printable character come out escaped);
* ``docstring`` — text safe inside a ``\"\"\"...\"\"\"`` docstring (backslashes, triple
  quotes, a trailing quote and control characters escaped);
* ``comment_text`` — one line safe after ``#`` (line breaks of every kind collapsed);
* ``path_expr`` and the ``*_condition`` filters print planned checks as expressions.

Jinja syntax inside spec strings is inert: values are printed, never rendered as templates.
"""

from __future__ import annotations

import json
import math
import pprint
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ..ir.nodes import Json
from ..plan.types import Field, needs_build
from ..plan.validators.checks import (
    Call,
    EnumIn,
    Evaluated,
    JsonPath,
    ObjectKeys,
    Switch,
    TypedRow,
)

__all__ = ["FILTERS"]


def py(value: Any) -> str:
    """A Python literal for a JSON-like value (``Json`` wrappers are unwrapped)."""
    if isinstance(value, Json):
        value = value.value
    if value is None or isinstance(value, bool | int):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value):
            return 'float("nan")'
        if math.isinf(value):
            return 'float("inf")' if value > 0 else '-float("inf")'
        return repr(value)
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(py(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(py(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(str(k))}: {py(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Python literal for {type(value).__name__}")


def pyq(value: Any) -> str:
    """:func:`py`, with strings in double quotes where that needs no more escapes, as ``ruff
    format`` quotes them (``repr`` escapes everything but the quotes the same way either way,
    and picks single quotes unless the text holds a single quote and no double quote)."""
    if isinstance(value, Json):
        value = value.value
    if not isinstance(value, str):
        return py(value)
    literal = repr(value)
    if literal[0] == "'" and '"' not in value:
        return '"' + literal[1:-1] + '"'
    return literal


def _fstring_char(ch: str, quote: str = '"') -> str:
    if ch in "{}":
        return ch * 2
    if ch in (quote, "\\"):
        return "\\" + ch
    if " " <= ch <= "~":
        return ch
    code = ord(ch)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def fstring(prefix: str, expr: str, suffix: str = "") -> str:
    """``f"<prefix>{expr}<suffix>"``: the texts (from the spec) escaped for an f-string literal
    (braces doubled, everything outside printable ASCII as an escape); ``expr`` is generated
    (and has no quotes). Quoted as ``ruff format`` quotes it: with ``'`` when the texts hold
    more ``"`` than ``'`` (JSON keys do), else with ``"``."""
    texts = prefix + suffix
    quote = "'" if texts.count('"') > texts.count("'") else '"'
    text = "".join(_fstring_char(c, quote) for c in prefix) + "{" + expr + "}"
    return "f" + quote + text + "".join(_fstring_char(c, quote) for c in suffix) + quote


def json_key(name: str) -> str:
    """``"name":`` as compact JSON writes it (the text before a property's value)."""
    return json.dumps(name, ensure_ascii=False) + ":"


def pep440(version: str) -> str:
    """A PEP 440 version for the generated distribution from the spec's ``info.version``."""
    if re.fullmatch(r"\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?", version):
        return version
    numbers = re.findall(r"\d+", version)
    return ".".join(str(int(n)) for n in numbers[:4]) if numbers else "0.0.0"


def toml(value: str) -> str:
    """A TOML basic string in ASCII: ``\\uXXXX`` / ``\\UXXXXXXXX`` for every other character.

    TOML escapes Unicode scalar values, not UTF-16 units (``json.dumps`` would write an emoji as
    a surrogate pair, which TOML rejects); a lone surrogate, which no TOML text can hold,
    becomes U+FFFD.
    """
    return '"' + "".join(_toml_char(c) for c in value) + '"'


_TOML_SHORT = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _toml_char(c: str) -> str:
    code = ord(c)
    if c in _TOML_SHORT:
        return _TOML_SHORT[c]
    if 0x20 <= code < 0x7F:
        return c
    if 0xD800 <= code <= 0xDFFF:
        code = 0xFFFD
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def py_pretty(value: Any) -> str:
    """A Python literal of a JSON value, laid out over several lines (for documentation)."""
    return pprint.pformat(value, indent=4, width=88, sort_dicts=False)


def fence(text: str) -> str:
    """A Markdown code fence longer than any run of backticks in ``text``."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def json_text(value: Any) -> str:
    """JSON text for data files (never Python source): an object of lists is written one
    item per line, each item compact (small, and a changed item is a one-line diff); any
    other value as compact JSON."""
    if not (isinstance(value, dict) and all(isinstance(v, list) for v in value.values())):
        return _compact(value)
    members = [
        f"{_compact(key)}: [\n" + ",\n".join(map(_compact, items)) + "\n]" if items
        else f"{_compact(key)}: []"
        for key, items in value.items()
    ]  # fmt: skip
    return "{\n" + ",\n".join(members) + "\n}"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_tuple(values: tuple[Json, ...]) -> str:
    return py(tuple(v.value for v in values))


#: characters a docstring shows escaped: controls but tab and newline, line and paragraph
#: separators, surrogates, invisible marks and bidirectional overrides (listed as they are:
#: the class of what may stay took 1.5 ms to compile, this one a third of that)
_UNSAFE_DOC = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufeff]"
)


_QUOTE_RUN = re.compile(r'"(?="|$)')


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def docstring(text: str | None) -> str:
    """Text for the inside of a (non-raw) triple-quoted docstring."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\")
    text = _UNSAFE_DOC.sub(_escape_char, text)
    # a quote next to another quote, or last, is escaped: no ``"""`` can form or close early
    return _QUOTE_RUN.sub('\\\\"', text.strip())


def comment_text(text: str | None) -> str:
    """One line of text, safe in a ``#`` comment or a single docstring line."""
    if not text:
        return ""
    return " ".join(docstring(text).split())


def path_expr(path: JsonPath) -> str:
    """A Python expression building the JSON path text, e.g. ``p + ".items[" + str(i1) + "]"``."""
    expr = path.base
    literal = ""
    for part in path.parts:
        if part.kind == "key":
            literal += part.value
            continue
        if part.kind == "index":
            expr = f"{expr} + {py(literal + '[')} + str({part.value})"
            literal = "]"
            continue
        if literal:
            expr = f"{expr} + {py(literal)}"
            literal = ""
        expr = f"key_path({expr}, {part.value})"
    return f"{expr} + {py(literal)}" if literal else expr


_TYPE_TESTS: dict[str, Callable[[str], str]] = {
    "null": lambda v: f"{v} is None",
    "boolean": lambda v: f"isinstance({v}, bool)",
    "string": lambda v: f"isinstance({v}, str)",
    # the common case tested inline, the rest by the runtime's shared test (_validation.py)
    "integer": lambda v: f"type({v}) is int or is_integer({v})",
    "number": lambda v: f"type({v}) is int or type({v}) is float or is_number({v})",
    "object": lambda v: f"isinstance({v}, dict)",
    "array": lambda v: f"isinstance({v}, list)",
}


Test = tuple[str, str]  # (the test, its negation), both as Python expressions


def _either(tests: list[Test]) -> Test:
    """``a or b`` and its negation ``not a and not b``, each part negated idiomatically (each
    negation is a ``not ...`` or a comparison, so ``and`` joins them without parentheses)."""
    if not tests:
        return "False", "True"
    positive = " or ".join(p if len(tests) == 1 else f"({p})" for p, _ in tests)
    negative = " and ".join(n for _, n in tests)
    return positive, negative


#: in ``check`` mode (reporting issues, where size counts more than speed): the shared tests
_COMPACT_TESTS: dict[str, Callable[[str], str]] = {
    **_TYPE_TESTS,
    "integer": lambda v: f"is_integer({v})",
    "number": lambda v: f"is_number({v})",
}


def type_tests(check: Switch, compact: bool = False) -> list[Test]:
    allowed = check.allowed or ()
    if "number" in allowed:
        allowed = tuple(t for t in allowed if t != "integer")
    tests = _COMPACT_TESTS if compact else _TYPE_TESTS
    out = []
    for name in allowed:
        test = tests[name](check.var)
        negative = {"null": f"{check.var} is not None"}.get(name) or (
            f"not {test}" if test.startswith(("isinstance(", "is_")) else f"not ({test})"
        )
        out.append((test, negative))
    return out


def type_condition(check: Switch, negated: bool = False, mode: str = "") -> str:
    return _either(type_tests(check, mode == "check"))[1 if negated else 0]


def typed_failed(rows: tuple[TypedRow, ...], var: str) -> str:
    """True when a property of the object in ``var`` that ``rows`` lists (see ``Typed``) is
    present and not of its type."""
    terms = [_typed_term(row, var) for row in rows]
    if len(terms) == 1:
        return negate(terms[0])
    return negate(" and ".join(f"({t})" if " or " in t else t for t in terms))


def row_failed(row: TypedRow, var: str) -> str:
    """``check`` mode, one property only type-tested: true when it is present and mistyped."""
    assert isinstance(row.test, Switch)
    item = replace(row.test, var=f"{var}[{py(row.name)}]")
    return f"{py(row.name)} in {var} and {type_condition(item, True, 'check')}"


def _typed_term(row: TypedRow, var: str) -> str:
    item = f"{var}[{py(row.name)}]"
    if isinstance(row.test, Call):
        tests = [f"{row.test.function}({item})"]
    else:
        tests = [p for p, _ in type_tests(replace(row.test, var=item))]
    null = f"{item} is None"
    if not row.required and null in tests:  # absent or null
        tests = [f"{var}.get({py(row.name)}) is None", *(t for t in tests if t != null)]
    elif not row.required:
        tests.insert(0, f"{py(row.name)} not in {var}")
    return " or ".join(tests)


def encoded_fields(fields: tuple[Field, ...]) -> list[Field]:
    """The fields whose values are not plain JSON (models, dates, unions of them...): the
    ones a class's ``_shapes()`` lists (a shape may be ``_t.plain``), which ``to_dict``
    encodes further (``_models.py``)."""
    return [f for f in fields if needs_build(f.type)]


def negate(condition: str) -> str:
    """``not (...)``; ``not f(...)`` for a plain call; ``x is not None`` for ``x is None``
    (as ruff wants it, E714)."""
    if re.fullmatch(r"\w+\([^()]*\)", condition):
        return "not " + condition
    single = _IS_CONSTANT.fullmatch(condition)
    if single is not None and " or " not in condition and " and " not in condition:
        return f"{single.group(1)} is not {single.group(2)}"
    return f"not ({condition})"


#: ``<operand> is None`` (the operand may hold a quoted key: the last `` is `` is the operator)
_IS_CONSTANT = re.compile(r"(.+) is (None|True|False)")


def group_condition(group: str, var: str, mode: str = "") -> str:
    return (_COMPACT_TESTS if mode == "check" else _TYPE_TESTS)[group](var)


def _enum_tests(check: EnumIn) -> list[Test]:
    v = check.var
    out: list[Test] = []
    if check.strings_const:
        test = f"isinstance({v}, str) and {v} in {check.strings_const}"
        out.append((test, f"not ({test})"))
    elif len(check.strings) == 1:
        out.append((f"{v} == {py(check.strings[0])}", f"{v} != {py(check.strings[0])}"))
    elif check.strings:
        out.append((f"{v} in {py(check.strings)}", f"{v} not in {py(check.strings)}"))
    for flag, value in ((check.null, "None"), (check.true, "True"), (check.false, "False")):
        if flag:
            out.append((f"{v} is {value}", f"{v} is not {value}"))
    if check.numbers:
        test = f"({_TYPE_TESTS['number'](v)}) and {v} in {py(check.numbers)}"
        out.append((test, f"not ({test})"))
    if check.others_const:
        call = f"json_in({v}, {check.others_const})"
        out.append((call, f"not {call}"))
    return out


def enum_condition(check: EnumIn, negated: bool = False) -> str:
    return _either(_enum_tests(check))[1 if negated else 0]


def evaluated_condition(part: Evaluated, var: str) -> str:
    tests = [f"{'not ' if negate else ''}{function}({var})" for function, negate in part.conditions]
    tests += [f"{py(name)} in {var}" for name in part.present]
    return " and ".join(tests) or "True"


def extra_key_condition(check: ObjectKeys) -> str:
    """When a key is "additional": matched by no pattern and not a declared property."""
    parts = [f"not {check.match_var}"] if check.patterns else []
    if check.known:
        parts.append(f"{check.key_var} not in {check.known_const or py(check.known)}")
    return " and ".join(parts)


FILTERS: dict[str, Callable[..., object]] = {
    "py": py,
    "pyq": pyq,
    "fstring": fstring,
    "json_key": json_key,
    "json_tuple": json_tuple,
    "toml": toml,
    "pep440": pep440,
    "json_text": json_text,
    "py_pretty": py_pretty,
    "fence": fence,
    "docstring": docstring,
    "comment_text": comment_text,
    "path_expr": path_expr,
    "type_condition": type_condition,
    "typed_failed": typed_failed,
    "row_failed": row_failed,
    "negate": negate,
    "encoded_fields": encoded_fields,
    "group_condition": group_condition,
    "enum_condition": enum_condition,
    "extra_key_condition": extra_key_condition,
    "evaluated_condition": evaluated_condition,
}
