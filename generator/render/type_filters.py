"""Jinja filters that print type expressions: annotations, decode and encode expressions.

``build_expr`` turns validated JSON into model objects (only where classes are involved: plain
JSON values are used as they are); ``encode_expr`` is the reverse. A builder in another models
module is reached through that module (``_m_pet._build_pet(v)``), see model_imports.py.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from functools import lru_cache

from ..plan import types as t
from ..plan.models.imports import type_parts
from .filters import docstring, pyq

__all__ = ["TYPE_FILTERS", "annotation", "summary"]


def annotation(expr: t.TypeExpr) -> str:
    if isinstance(expr, t.TAny):
        return "Any"
    if isinstance(expr, t.TPrim):
        return _PRIM_ANNOTATIONS.get(expr.name, expr.name)
    if isinstance(expr, t.TLiteral):
        return literal_annotation(expr.values) + (" | UnknownValue" if expr.open else "")
    if isinstance(expr, t.TList):
        return f"list[{annotation(expr.item)}]"
    if isinstance(expr, t.TMap):
        return f"dict[str, {annotation(expr.value)}]"
    if isinstance(expr, t.TNamed):
        return expr.name
    return union_annotation(expr.options)


#: dates are annotated through the module (a field may be called ``date``)
_PRIM_ANNOTATIONS = {"datetime": "_dt.datetime", "date": "_dt.date"}
#: (decode, encode) functions of the runtime's _dates module
_TEMPORAL_CODECS = {
    t.DATETIME: ("parse_datetime", "format_datetime"),
    t.DATE: ("parse_date", "format_date"),
}


def temporal(expr: t.TypeExpr) -> bool:
    """Whether values of ``expr`` are dates or date-times (possibly ``None``)."""
    return t.strip_none(expr)[0] in t.TEMPORAL


def param_annotation(expr: t.TypeExpr) -> str:
    """A parameter's annotation: dates and date-times may also be given as RFC 3339 text."""
    text = annotation(expr)
    return f"{text} | str" if temporal(expr) else text


def optional_param_annotation(expr: t.TypeExpr) -> str:
    """An optional parameter's annotation (see :func:`param_annotation`)."""
    rest, nullable = t.strip_none(expr)
    return f"{param_annotation(rest)} | Unset" + (" | None" if nullable else "")


def optional_annotation(expr: t.TypeExpr) -> str:
    """The annotation of an optional field: ``T | Unset``, with ``None`` last."""
    if expr == t.NONE:
        return "Unset | None"
    rest, nullable = t.strip_none(expr)
    return f"{annotation(rest)} | Unset" + (" | None" if nullable else "")


def alias_value(expr: t.TypeExpr | tuple[t.TypeExpr, ...]) -> str:
    """The right side of ``Name: TypeAlias = ...``: the annotation itself when it names no
    declared type, else a string (a forward reference: classes may be defined later)."""
    options = expr if isinstance(expr, tuple) else (expr,)
    text = union_annotation(options)
    named = any(True for o in options for _ in type_parts(o))
    return pyq(text) if named or text == "None" else text


def union_annotation(options: tuple[t.TypeExpr, ...]) -> str:
    """``A | B | None``: ``None`` goes last."""
    ordered = [o for o in options if o != t.NONE] + [o for o in options if o == t.NONE]
    return " | ".join(annotation(o) for o in ordered)


def literal_annotation(values: tuple[object, ...]) -> str:
    return "Literal[" + ", ".join(pyq(v) for v in values) + "]"


def _call(named: t.TNamed, var: str, module: str) -> str:
    where = "" if named.module == module else f"_m{named.module}."
    return f"{where}{named.builder}({var})"


def builder_ref(expr: t.TypeExpr, module: str) -> str:
    """The builder function of a declared type, as a reference (not a call)."""
    if isinstance(expr, t.TNamed) and expr.build:
        where = "" if expr.module == module else f"_m{expr.module}."
        return f"{where}{expr.builder}"
    return "identity"


def decoder_ref(named: t.TNamed, module: str) -> str:
    """The one-pass decoder of a class or union, as a reference (not a call)."""
    where = "" if named.module == module else f"_m{named.module}."
    return f"{where}{named.decoder}"


def decode_value(fd: t.FieldDecode, var: str, module: str) -> str:
    """The Python value of a property whose (checked) JSON value is in ``var``."""
    if fd.decoder is None:
        return build_expr(fd.type, var, module)
    call = decoder_ref(fd.decoder, module)
    value = f"{call}({var})" if fd.kind == "child" else f"[{call}(y) for y in {var}]"
    return f"(None if {var} is None else {value})" if fd.nullable else value


def build_expr(expr: t.TypeExpr, var: str, module: str, depth: int = 1) -> str:
    """An expression turning the validated JSON value ``var`` into ``expr``'s Python value."""
    if not t.needs_build(expr):
        return var
    x = f"x{depth}"
    if isinstance(expr, t.TNamed):
        return _call(expr, var, module)
    if expr in t.TEMPORAL:
        return f"{_TEMPORAL_CODECS[expr][0]}({var})"
    if isinstance(expr, t.TList):
        return f"[{build_expr(expr.item, x, module, depth + 1)} for {x} in {var}]"
    if isinstance(expr, t.TMap):
        inner = build_expr(expr.value, x, module, depth + 1)
        return f"{{k{depth}: {inner} for k{depth}, {x} in {var}.items()}}"
    if isinstance(expr, t.TUnion):
        rest, nullable = t.strip_none(expr)
        if nullable and not isinstance(rest, t.TUnion):
            return f"(None if {var} is None else {build_expr(rest, var, module, depth)})"
    raise ValueError(f"no builder for {expr!r}")  # unions needing builds are always named


def encode_expr(expr: t.TypeExpr, var: str, module: str, depth: int = 1) -> str:
    """An expression turning the Python value ``var`` of type ``expr`` into JSON."""
    if not t.needs_build(expr):
        return var
    x = f"x{depth}"
    if isinstance(expr, t.TNamed):
        return f"{var}.to_dict()" if expr.to_dict else f"to_json_value({var})"
    if expr in t.TEMPORAL:
        return f"{_TEMPORAL_CODECS[expr][1]}({var})"
    if isinstance(expr, t.TList):
        return f"[{encode_expr(expr.item, x, module, depth + 1)} for {x} in {var}]"
    if isinstance(expr, t.TMap):
        inner = encode_expr(expr.value, x, module, depth + 1)
        return f"{{k{depth}: {inner} for k{depth}, {x} in {var}.items()}}"
    rest, nullable = t.strip_none(expr) if isinstance(expr, t.TUnion) else (expr, False)
    if nullable and not isinstance(rest, t.TUnion):
        return f"(None if {var} is None else {encode_expr(rest, var, module, depth)})"
    return f"to_json_value({var})"


def json_expr(expr: t.TypeExpr, var: str, module: str) -> str:
    """An expression giving the compact JSON text of the Python value ``var`` of type ``expr``
    (the text ``json.dumps`` writes for its ``encode_expr``). No quotes inside: the expression
    goes into an f-string."""
    rest, nullable = t.strip_none(expr) if isinstance(expr, t.TUnion) else (expr, False)
    direct = _direct_json(rest, var)
    if direct is None:
        return f"value_text({_bare(encode_expr(expr, var, module))})"
    return f"(NULL if {var} is None else {direct})" if nullable else direct


def _bare(expr: str) -> str:
    """``expr`` without parentheses around the whole of it (as a call's only argument)."""
    if not (expr.startswith("(") and expr.endswith(")")):
        return expr
    depth = 0
    for i, char in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and i < len(expr) - 1:
            return expr  # the first parenthesis closes before the end: (a) + (b)
    return expr[1:-1]


def _direct_json(expr: t.TypeExpr, var: str) -> str | None:
    if _is_text(expr):
        return f"str_text({var})"
    if expr in t.TEMPORAL:
        return f"str_text({_TEMPORAL_CODECS[expr][1]}({var}))"
    if isinstance(expr, t.TNamed) and expr.to_dict:
        return f"{var}._json()"
    if isinstance(expr, t.TList) and _is_text(expr.item):
        return f"strs_text({var})"
    if isinstance(expr, t.TList) and isinstance(expr.item, t.TNamed) and expr.item.to_dict:
        return f"models_text({var})"
    return None


def _is_text(expr: t.TypeExpr) -> bool:
    """Whether every value of ``expr`` is a ``str``."""
    if isinstance(expr, t.TLiteral):
        return all(isinstance(v.value, str) for v in expr.values)
    return expr == t.TPrim("str") or (isinstance(expr, t.TNamed) and expr.strings)


LINE_WIDTH = 100


def fit(block: str, indent: int, used: int, tail: int = 0) -> str:
    """A display written one item a line (``{``, ``    item,`` lines, ``}``) on one line when
    it fits in what is left of the line (``used`` columns are taken before it, ``tail``
    after it), as ``ruff format`` would lay it out; else as written, its lines after the
    first indented by ``indent``."""
    lines = block.strip("\n").split("\n")
    items = [line.strip().removesuffix(",") for line in lines[1:-1]]
    one = lines[0] + ", ".join(items) + lines[-1]
    if used + len(one) + tail <= LINE_WIDTH and "\n" not in one:
        return one
    pad = " " * indent
    return "\n".join([lines[0], *(pad + line for line in lines[1:])])


def fit_one(expr: str, indent: int, used: int) -> str:
    """An expression after ``used`` columns of a statement at ``indent``: as it is when the
    line fits, else in parentheses on a line of its own (as ``ruff format`` splits it)."""
    expr = _bare(expr)
    if used + len(expr) <= LINE_WIDTH or indent + 4 + len(expr) > LINE_WIDTH:
        return expr  # (parentheses would not make it fit)
    return f"(\n{' ' * (indent + 4)}{expr}\n{' ' * indent})"


def words_entry(words: Iterable[str], key: str) -> str:
    """``    "key": "word word ...",`` (a dict entry at indent 4 whose value is one string of
    space-separated words; ``key`` and the words are identifiers), laid out as ``ruff
    format`` lays it out: on one line when it fits, else the string in parentheses on lines
    of its own."""
    text = " ".join(words)
    one = f'    "{key}": "{text}",'
    if len(one) <= LINE_WIDTH:
        return one
    lines = [f'        "{run}"' for run in t.word_runs(text.split(), LINE_WIDTH - 10)]
    return "\n".join([f'    "{key}": (', *lines, "    ),"])


def fit_strings(block: str, indent: int, used: int) -> str:
    """Implicitly concatenated f-strings written one a line between ``(`` and ``)``: one
    literal when they fit in what is left of the line (``used`` columns are taken) and share
    their quotes, as ``ruff format`` would join them; else as written, its lines after the
    first indented by ``indent``."""
    lines = block.strip("\n").split("\n")
    parts = [line.strip() for line in lines[1:-1]]
    if len(parts) == 1 or (
        len({p[:2] for p in parts}) == 1 and used + sum(len(p) - 3 for p in parts) + 3 <= LINE_WIDTH
    ):
        return parts[0][:-1] + "".join(p[2:-1] for p in parts[1:]) + parts[0][1]
    pad = " " * indent
    return "\n".join([lines[0], *(pad + line for line in lines[1:])])


_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"[ \t]+")
SUMMARY_MAX = 400


@lru_cache(maxsize=16384)  # descriptions repeat (the same field in many schemas)
def summary(text: str | None) -> str:
    """The first paragraph of a description, without HTML, at most SUMMARY_MAX characters."""
    if not text:
        return ""
    plain = _TAG.sub(" ", text)
    if "&" in plain:  # an entity: the html module is loaded only then
        import html  # noqa: PLC0415

        plain = html.unescape(plain)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", plain) if p.strip()]
    if not paragraphs:
        return ""
    first = " ".join(_SPACE.sub(" ", line).strip() for line in paragraphs[0].splitlines())
    if len(first) <= SUMMARY_MAX:
        return first
    cut = first[:SUMMARY_MAX]
    end = max(cut.rfind(". "), cut.rfind("; "))
    return cut[: end + 1] if end > SUMMARY_MAX // 2 else cut.rsplit(" ", 1)[0] + " ..."


@lru_cache(maxsize=16384)
def wrap_doc(text: str | None, indent: int = 0, width: int = 88) -> str:
    """Docstring-safe text wrapped at ``width``; continuation lines indented by ``indent``."""
    if not text:
        return ""
    lines = textwrap.wrap(
        docstring(text), width=width - indent, break_on_hyphens=False, break_long_words=False
    )
    return ("\n" + " " * indent).join(lines)


def body_annotation(body: object) -> str:
    """What a method's ``body=`` accepts."""
    kind = getattr(body, "kind", "json")
    if kind == "multipart":
        return "Mapping[str, Any]"
    if kind == "text":
        return "str | bytes"
    if kind == "bytes":
        return "FileInput"
    if kind == "ndjson":
        item = annotation(getattr(body, "type", t.TAny()))
        return f"list[{item} | Mapping[str, Any]]" if getattr(body, "per_item", False) else item
    expr = getattr(body, "type", t.TAny())
    text = annotation(expr)
    return f"{text} | Mapping[str, Any]" if getattr(body, "model_class", False) else text


TYPE_FILTERS: dict[str, Callable[..., object]] = {
    "annotation": annotation,
    "optional_annotation": optional_annotation,
    "union_annotation": union_annotation,
    "alias_value": alias_value,
    "literal_annotation": literal_annotation,
    "needs_build": t.needs_build,
    "json_kind": t.json_kind,
    "build_expr": build_expr,
    "builder_ref": builder_ref,
    "decoder_ref": decoder_ref,
    "decode_value": decode_value,
    "encode_expr": encode_expr,
    "json_expr": json_expr,
    "summary": summary,
    "wrap_doc": wrap_doc,
    "body_annotation": body_annotation,
    "fit": fit,
    "fit_strings": fit_strings,
    "fit_one": fit_one,
    "words_entry": words_entry,
    "bare": _bare,
    "word_runs": t.word_runs,
    "temporal": temporal,
    "param_annotation": param_annotation,
    "optional_param_annotation": optional_param_annotation,
}
