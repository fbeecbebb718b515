"""Translate ECMA-262 regular expressions into equivalent Python ``re`` patterns.

JSON Schema (draft 2020-12) ``pattern`` and ``patternProperties`` use ECMA-262
regular expressions.  This module parses such a pattern the way JavaScript does
in *unicode mode* (``new RegExp(pattern, "u")``, no other flag) and produces a
pattern string for the standard :mod:`re` module such that
``re.compile(translate(p)).search(s)`` succeeds exactly when
``new RegExp(p, "u").test(s)`` is true.

The result is pure ASCII, needs no flags and compiles without warnings.  The
pattern is parsed into a small syntax tree and re-emitted; the rules are:

* Literal characters are re-escaped for ``re``: ASCII letters, digits and ``_``
  stay as they are, other printable ASCII characters get a backslash, and
  everything else becomes ``\\xHH``, ``\\uHHHH`` or ``\\UHHHHHHHH``.
* ``.`` becomes a class excluding the ECMA line terminators (``\\n``, ``\\r``,
  U+2028, U+2029).  ``^`` becomes ``\\A`` and ``$`` becomes ``\\Z`` (ECMA ``$``
  never matches before a final newline).
* ``\\d \\w \\s`` (and their negations) are ASCII digits, ASCII word characters
  and the ECMA WhiteSpace/LineTerminator set; they are expanded to explicit
  code point ranges, also inside classes.  ``\\b`` and ``\\B`` become
  lookarounds on the ASCII word class.
* Every character class (including ``\\p{...}``, ``\\P{...}``, ``[]`` and
  ``[^]``) is computed as a set of code point ranges and emitted as an explicit
  class, whichever of ``[...]`` and ``[^...]`` is shorter.  The empty class
  becomes ``(?!)``.  Unicode properties are built from :mod:`unicodedata`:
  every General_Category value (short and long names, optionally prefixed by
  ``General_Category=`` or ``gc=``) and the binary properties listed in
  ``_BINARY_PROPERTIES``.  Script properties and the other binary properties
  cannot be derived from :mod:`unicodedata` and raise :class:`RegexError`.
* ``\\uXXXX``, ``\\u{...}`` (surrogate pairs are combined, as are literal
  surrogate pairs), ``\\xHH``, ``\\cX``, ``\\0``, control escapes and identity
  escapes of syntax characters and ``/`` are decoded; any other identity escape
  is a syntax error in unicode mode.  So are lone ``{``, ``}`` and ``]``.
* Named groups ``(?<name>...)`` become ``(?P<name>...)`` when the name is an
  ASCII Python identifier, and plain capturing groups otherwise.  Lookarounds
  and non-capturing groups are kept.  A lookbehind with a top-level
  alternation is split into one lookbehind per alternative; each of them must
  have a fixed width, because Python's ``re`` only supports those.
* Backreferences follow ECMA semantics: a reference to a group that has not
  participated matches the empty string.  References that textually precede
  the end of their group (or point into a negative lookaround, or into another
  alternative) therefore become ``(?:)``; others become ``(?P=name)`` /
  ``(?:\\N)``, wrapped in a conditional ``(?(N)...)`` when the group may not
  have participated.  ECMA also clears the captures of a quantified atom at
  each iteration, which ``re`` does not do; references whose result could
  depend on that difference, and references inside a lookbehind, raise
  :class:`RegexError`.
* Quantifiers are kept.  An upper bound too large for ``re`` is treated as
  unbounded (only strings of more than 4 * 2**30 characters could differ); a
  lower bound that large raises :class:`RegexError`.

Limits: groups may nest at most 100 deep; ECMAScript compares code points, so a
Python string that holds a surrogate pair as two separate code points (which
``json.loads`` never produces) is not the same as the astral character; and
property data comes from Python's :mod:`unicodedata`, whose Unicode version may
be older than a JavaScript engine's.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = ["RegexError", "example", "translate"]

MAX_CODE_POINT = 0x10FFFF
_PY_MAX_REPEAT = 4294967295  # re's MAXREPEAT: counts must stay below it
_MAX_NESTING = 100
_MAX_DIGITS = 12
_HUGE = 10**_MAX_DIGITS  # stands for any decimal number with more digits
_MAX_HEX_DIGITS = 6  # significant hex digits of a code point
_MAX_NUMBERED_REF = 99  # re reads \100 and up as octal escapes
_UNDERSCORE = 0x5F
_PRINTABLE_ASCII = range(0x20, 0x7F)
_LATIN1_END = 0x100
_ASTRAL_START = 0x10000
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)

Range = tuple[int, int]
Ranges = tuple[Range, ...]


class RegexError(ValueError):
    """The pattern is not a valid ECMA-262 regular expression (or uses a feature
    we cannot translate). str() is a one-line human message saying what and where
    (character offset)."""

    def __init__(self, message: str, offset: int | None = None) -> None:
        text = message if offset is None else f"{message} at offset {offset}"
        super().__init__(text)
        self.message = message
        self.offset = offset


def _show(text: str) -> str:
    """Render ``text`` on one printable ASCII line for an error message."""
    return "".join(c if " " <= c <= "~" else ascii(c)[1:-1] for c in text)


# --------------------------------------------------------------------------
# Code point sets, as sorted tuples of disjoint inclusive ranges


def _normalize(ranges: Iterable[Range]) -> Ranges:
    merged: list[Range] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
    result: list[Range] = []
    start = 0
    for lo, hi in ranges:
        if lo > start:
            result.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CODE_POINT:
        result.append((start, MAX_CODE_POINT))
    return tuple(result)


def _points(*code_points: int) -> Ranges:
    return _normalize((cp, cp) for cp in code_points)


def _ranges_where(predicate: Callable[[int], bool]) -> Ranges:
    result: list[Range] = []
    start = 0
    for flag, run in itertools.groupby(map(predicate, range(MAX_CODE_POINT + 1))):
        length = sum(1 for _ in run)
        if flag:
            result.append((start, start + length - 1))
        start += length
    return tuple(result)


_ANY: Ranges = ((0, MAX_CODE_POINT),)
_DIGIT: Ranges = ((0x30, 0x39),)
_WORD = _normalize([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
_SPACE = _normalize([
    (0x09, 0x0D), (0x20, 0x20), (0xA0, 0xA0), (0x1680, 0x1680), (0x2000, 0x200A),
    (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F), (0x3000, 0x3000), (0xFEFF, 0xFEFF),
])  # fmt: skip
_DOT = _complement(_points(0x0A, 0x0D, 0x2028, 0x2029))
_CLASS_ESCAPES: dict[str, Ranges] = {
    "d": _DIGIT,
    "D": _complement(_DIGIT),
    "w": _WORD,
    "W": _complement(_WORD),
    "s": _SPACE,
    "S": _complement(_SPACE),
}

# --------------------------------------------------------------------------
# Unicode properties

_GC_NAMES: tuple[tuple[str, ...], ...] = (
    ("C", "Other"), ("Cc", "Control", "cntrl"), ("Cf", "Format"), ("Cn", "Unassigned"),
    ("Co", "Private_Use"), ("Cs", "Surrogate"), ("L", "Letter"), ("LC", "Cased_Letter"),
    ("Ll", "Lowercase_Letter"), ("Lm", "Modifier_Letter"), ("Lo", "Other_Letter"),
    ("Lt", "Titlecase_Letter"), ("Lu", "Uppercase_Letter"),
    ("M", "Mark", "Combining_Mark"), ("Mc", "Spacing_Mark"), ("Me", "Enclosing_Mark"),
    ("Mn", "Nonspacing_Mark"), ("N", "Number"), ("Nd", "Decimal_Number", "digit"),
    ("Nl", "Letter_Number"), ("No", "Other_Number"), ("P", "Punctuation", "punct"),
    ("Pc", "Connector_Punctuation"), ("Pd", "Dash_Punctuation"),
    ("Pe", "Close_Punctuation"), ("Pf", "Final_Punctuation"),
    ("Pi", "Initial_Punctuation"), ("Po", "Other_Punctuation"),
    ("Ps", "Open_Punctuation"), ("S", "Symbol"), ("Sc", "Currency_Symbol"),
    ("Sk", "Modifier_Symbol"), ("Sm", "Math_Symbol"), ("So", "Other_Symbol"),
    ("Z", "Separator"), ("Zl", "Line_Separator"), ("Zp", "Paragraph_Separator"),
    ("Zs", "Space_Separator"),
)  # fmt: skip
_GC_BY_ALIAS = {alias: names[0] for names in _GC_NAMES for alias in names}
_GC_PROPERTY_NAMES = frozenset({"General_Category", "gc"})
_SCRIPT_PROPERTY_NAMES = frozenset({"Script", "sc", "Script_Extensions", "scx"})


@functools.cache
def _category_table() -> dict[str, Ranges]:
    """Map each two-letter General_Category to its code point ranges."""
    runs: dict[str, list[Range]] = {}
    start = 0
    categories = map(unicodedata.category, map(chr, range(MAX_CODE_POINT + 1)))
    for category, run in itertools.groupby(categories):
        length = sum(1 for _ in run)
        runs.setdefault(category, []).append((start, start + length - 1))
        start += length
    return {category: tuple(found) for category, found in runs.items()}


@functools.cache
def _general_category(short: str) -> Ranges:
    table = _category_table()
    if short == "LC":
        members: Iterable[str] = ("Ll", "Lt", "Lu")
    elif len(short) == 1:
        members = [category for category in table if category[0] == short]
    else:
        members = [short]
    return _normalize(r for member in members for r in table.get(member, ()))


_HEX_DIGIT = _normalize([
    (0x30, 0x39), (0x41, 0x46), (0x61, 0x66),
    (0xFF10, 0xFF19), (0xFF21, 0xFF26), (0xFF41, 0xFF46),
])  # fmt: skip
_WHITE_SPACE = _normalize([
    (0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0xA0, 0xA0), (0x1680, 0x1680),
    (0x2000, 0x200A), (0x2028, 0x2029), (0x202F, 0x202F), (0x205F, 0x205F),
    (0x3000, 0x3000),
])  # fmt: skip


def _noncharacters() -> Ranges:
    planes = [(plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)]
    return _normalize([(0xFDD0, 0xFDEF), *planes])


def _cased() -> Ranges:
    parts = (_binary_property("Lowercase"), _binary_property("Uppercase"))
    return _normalize([*parts[0], *parts[1], *_general_category("Lt")])


_BINARY_PROPERTIES: dict[str, Callable[[], Ranges]] = {
    "Any": lambda: _ANY,
    "ASCII": lambda: ((0, 0x7F),),
    "Assigned": lambda: _complement(_general_category("Cn")),
    "ASCII_Hex_Digit": lambda: _normalize([(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]),
    "Hex_Digit": lambda: _HEX_DIGIT,
    "White_Space": lambda: _WHITE_SPACE,
    "Pattern_White_Space": lambda: _normalize(
        [(0x09, 0x0D), (0x20, 0x20), (0x85, 0x85), (0x200E, 0x200F), (0x2028, 0x2029)]
    ),
    "Join_Control": lambda: ((0x200C, 0x200D),),
    "Regional_Indicator": lambda: ((0x1F1E6, 0x1F1FF),),
    "Noncharacter_Code_Point": _noncharacters,
    "Lowercase": lambda: _ranges_where(lambda cp: chr(cp).islower()),
    "Uppercase": lambda: _ranges_where(lambda cp: chr(cp).isupper()),
    "Cased": _cased,
    "Bidi_Mirrored": lambda: _ranges_where(lambda cp: unicodedata.mirrored(chr(cp)) == 1),
    "XID_Start": lambda: _ranges_where(lambda cp: cp != _UNDERSCORE and chr(cp).isidentifier()),
    "XID_Continue": lambda: _ranges_where(lambda cp: ("a" + chr(cp)).isidentifier()),
}
_BINARY_ALIASES = {
    "AHex": "ASCII_Hex_Digit", "Hex": "Hex_Digit", "space": "White_Space",
    "Pat_WS": "Pattern_White_Space", "Join_C": "Join_Control",
    "RI": "Regional_Indicator", "NChar": "Noncharacter_Code_Point",
    "Lower": "Lowercase", "Upper": "Uppercase", "Bidi_M": "Bidi_Mirrored",
    "XIDS": "XID_Start", "XIDC": "XID_Continue",
}  # fmt: skip
_UNSUPPORTED_BINARY = frozenset(
    "Alphabetic Alpha Bidi_Control Bidi_C Case_Ignorable CI Changes_When_Casefolded CWCF "
    "Changes_When_Casemapped CWCM Changes_When_Lowercased CWL "
    "Changes_When_NFKC_Casefolded CWKCF Changes_When_Titlecased CWT "
    "Changes_When_Uppercased CWU Dash Default_Ignorable_Code_Point DI Deprecated Dep "
    "Diacritic Dia Emoji Emoji_Component EComp Emoji_Modifier EMod Emoji_Modifier_Base "
    "EBase Emoji_Presentation EPres Extended_Pictographic ExtPict Extender Ext "
    "Grapheme_Base Gr_Base Grapheme_Extend Gr_Ext IDS_Binary_Operator IDSB "
    "IDS_Trinary_Operator IDST ID_Continue IDC ID_Start IDS Ideographic Ideo "
    "Logical_Order_Exception LOE Math Pattern_Syntax Pat_Syn Quotation_Mark QMark "
    "Radical Sentence_Terminal STerm Soft_Dotted SD Terminal_Punctuation Term "
    "Unified_Ideograph UIdeo Variation_Selector VS".split()
)


@functools.cache
def _binary_property(name: str) -> Ranges:
    return _BINARY_PROPERTIES[name]()


def _unicode_property(body: str, offset: int) -> Ranges:
    """Resolve the text between the braces of ``\\p{...}``."""
    name, equals, value = body.partition("=")
    if equals:
        return _property_value(name, value, offset)
    if body in _GC_BY_ALIAS:
        return _general_category(_GC_BY_ALIAS[body])
    canonical = _BINARY_ALIASES.get(body, body)
    if canonical in _BINARY_PROPERTIES:
        return _binary_property(canonical)
    if body in _UNSUPPORTED_BINARY:
        message = f"Unicode property {body} is not supported (not derivable from unicodedata)"
        raise RegexError(message, offset)
    raise RegexError(f"unknown Unicode property {_show(body)!r}", offset)


def _property_value(name: str, value: str, offset: int) -> Ranges:
    if name in _GC_PROPERTY_NAMES:
        if value in _GC_BY_ALIAS:
            return _general_category(_GC_BY_ALIAS[value])
        raise RegexError(f"unknown General_Category value {_show(value)!r}", offset)
    if name in _SCRIPT_PROPERTY_NAMES:
        message = f"Unicode script property {_show(name)}={_show(value)} is not supported"
        raise RegexError(message + " (Python's unicodedata has no script data)", offset)
    raise RegexError(f"unknown Unicode property name {_show(name)!r}", offset)


# --------------------------------------------------------------------------
# Emitting Python syntax

_NAMED_CONTROLS = {0x09: "\\t", 0x0A: "\\n", 0x0B: "\\v", 0x0C: "\\f", 0x0D: "\\r"}
_NEVER = "(?!)"
_NEVER_WIDTH_ONE = "[^\\x00-\\U0010ffff]"  # for lookbehinds, where widths matter
_WORD_CLASS = "[0-9A-Z_a-z]"
_ASSERTIONS = {
    "^": "\\A",
    "$": "\\Z",
    "b": f"(?:(?<={_WORD_CLASS})(?!{_WORD_CLASS})|(?<!{_WORD_CLASS})(?={_WORD_CLASS}))",
    "B": f"(?:(?<={_WORD_CLASS})(?={_WORD_CLASS})|(?<!{_WORD_CLASS})(?!{_WORD_CLASS}))",
}


def _escape(cp: int) -> str:
    """Spell one code point so that ``re`` reads it literally, in ASCII."""
    if cp in _PRINTABLE_ASCII:
        char = chr(cp)
        return char if char.isalnum() or char == "_" else "\\" + char
    if cp in _NAMED_CONTROLS:
        return _NAMED_CONTROLS[cp]
    if cp < _LATIN1_END:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}" if cp < _ASTRAL_START else f"\\U{cp:08x}"


def _class_body(ranges: Ranges) -> str:
    parts = []
    for lo, hi in ranges:
        if lo == hi:
            parts.append(_escape(lo))
        elif hi == lo + 1:
            parts.append(_escape(lo) + _escape(hi))
        else:
            parts.append(f"{_escape(lo)}-{_escape(hi)}")
    return "".join(parts)


def _emit_set(ranges: Ranges, in_lookbehind: bool) -> str:
    if not ranges:
        return _NEVER_WIDTH_ONE if in_lookbehind else _NEVER
    if len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        return _escape(ranges[0][0])
    positive = f"[{_class_body(ranges)}]"
    inverse = _complement(ranges)
    if not inverse:
        return positive
    negative = f"[^{_class_body(inverse)}]"
    return negative if len(negative) < len(positive) else positive


def _quantifier(lo: int, hi: int | None, greedy: bool) -> str:
    simple = {(0, None): "*", (1, None): "+", (0, 1): "?"}
    text = simple.get((lo, hi))
    if text is None:
        if hi == lo:
            text = f"{{{lo}}}"
        else:
            text = f"{{{lo},}}" if hi is None else f"{{{lo},{hi}}}"
    return text if greedy else text + "?"


# Backreference emission modes
_EMPTY = "empty"  # the group can never have participated: matches ""
_PLAIN = "plain"  # the group always participated
_COND = "cond"  # the group may or may not have participated


@dataclass(frozen=True)
class _Context:
    """What emission needs beyond the tree itself."""

    refs: dict[int, tuple[int, str]]  # id(BackRef) -> (group index, mode)
    names: dict[int, str]  # group index -> Python group name
    in_lookbehind: bool = False


# --------------------------------------------------------------------------
# Syntax tree

Width = tuple[int, int | None]  # minimum and maximum match length (None: unbounded)


class _Node:
    def children(self) -> tuple[_Node, ...]:
        return ()

    def width(self) -> Width:
        raise NotImplementedError

    def emit(self, ctx: _Context) -> str:
        raise NotImplementedError

    def example(self, groups: dict[int, str]) -> str:
        """A short string this node may match (the shortest choice at every step)."""
        return "".join(child.example(groups) for child in self.children())


@dataclass(frozen=True, eq=False)
class _Char(_Node):
    """One literal character (a code point)."""

    cp: int

    def width(self) -> Width:
        return (1, 1)

    def example(self, groups: dict[int, str]) -> str:
        return chr(self.cp)

    def emit(self, ctx: _Context) -> str:
        return _escape(self.cp)


@dataclass(frozen=True, eq=False)
class _Set(_Node):
    """A character class, as sorted code-point ranges."""

    ranges: Ranges

    def width(self) -> Width:
        return (1, 1)

    def emit(self, ctx: _Context) -> str:
        return _emit_set(self.ranges, ctx.in_lookbehind)

    def example(self, groups: dict[int, str]) -> str:
        for preferred in map(ord, "a0A_ -"):
            if any(lo <= preferred <= hi for lo, hi in self.ranges):
                return chr(preferred)
        for lo, hi in self.ranges:
            if not (0xD800 <= lo and hi <= 0xDFFF):
                return chr(lo if not 0xD800 <= lo <= 0xDFFF else 0xE000)
        raise RegexError("this class matches no character a sample can hold")


@dataclass(frozen=True, eq=False)
class _Assertion(_Node):
    """A zero-width assertion: ``^``, ``$``, ``\\b`` or ``\\B``."""

    kind: str  # one of "^", "$", "b", "B"

    def width(self) -> Width:
        return (0, 0)

    def emit(self, ctx: _Context) -> str:
        return _ASSERTIONS[self.kind]


@dataclass(frozen=True, eq=False)
class _Seq(_Node):
    """Nodes matched one after another."""

    items: tuple[_Node, ...]

    def children(self) -> tuple[_Node, ...]:
        return self.items

    def width(self) -> Width:
        widths = [item.width() for item in self.items]
        highs = [hi for _, hi in widths]
        high = None if None in highs else sum(hi or 0 for hi in highs)
        return (sum(lo for lo, _ in widths), high)

    def emit(self, ctx: _Context) -> str:
        return "".join(item.emit(ctx) for item in self.items)


@dataclass(frozen=True, eq=False)
class _Alt(_Node):
    """Alternatives (``|``), tried in order."""

    branches: tuple[_Node, ...]

    def children(self) -> tuple[_Node, ...]:
        return self.branches

    def width(self) -> Width:
        widths = [branch.width() for branch in self.branches]
        highs = [hi for _, hi in widths]
        high = None if None in highs else max(hi or 0 for hi in highs)
        return (min(lo for lo, _ in widths), high)

    def emit(self, ctx: _Context) -> str:
        return "|".join(branch.emit(ctx) for branch in self.branches)

    def example(self, groups: dict[int, str]) -> str:
        return self.branches[0].example(groups)


@dataclass(frozen=True, eq=False)
class _Group(_Node):
    """A group, capturing (``index``) or not."""

    body: _Node
    index: int | None  # None for a non-capturing group
    end: int  # offset of the closing parenthesis

    def children(self) -> tuple[_Node, ...]:
        return (self.body,)

    def width(self) -> Width:
        return self.body.width()

    def emit(self, ctx: _Context) -> str:
        if self.index is None:
            opener = "(?:"
        elif self.index in ctx.names:
            opener = f"(?P<{ctx.names[self.index]}>"
        else:
            opener = "("
        return f"{opener}{self.body.emit(ctx)})"

    def example(self, groups: dict[int, str]) -> str:
        text = self.body.example(groups)
        if self.index is not None:
            groups[self.index] = text
        return text


@dataclass(frozen=True, eq=False)
class _Look(_Node):
    """A lookahead or lookbehind, positive or negative."""

    body: _Node
    ahead: bool
    negative: bool
    offset: int

    def children(self) -> tuple[_Node, ...]:
        return (self.body,)

    def width(self) -> Width:
        return (0, 0)

    def emit(self, ctx: _Context) -> str:
        if self.ahead:
            return f"(?{'!' if self.negative else '='}{self.body.emit(ctx)})"
        inner = dataclasses.replace(ctx, in_lookbehind=True)
        branches = self.body.branches if isinstance(self.body, _Alt) else (self.body,)
        opener = "(?<!" if self.negative else "(?<="
        parts = [f"{opener}{self._fixed(branch).emit(inner)})" for branch in branches]
        if len(parts) == 1 or self.negative:
            return "".join(parts)
        return "(?:" + "|".join(parts) + ")"

    def example(self, groups: dict[int, str]) -> str:
        return ""

    def _fixed(self, branch: _Node) -> _Node:
        low, high = branch.width()
        if low != high:
            message = "lookbehind with variable width is not supported by Python's re"
            raise RegexError(message, self.offset)
        return branch


@dataclass(frozen=True, eq=False)
class _Repeat(_Node):
    """A quantified node: ``lo`` to ``hi`` times (``None``: unbounded), greedy or lazy."""

    body: _Node
    lo: int
    hi: int | None
    greedy: bool

    def children(self) -> tuple[_Node, ...]:
        return (self.body,)

    def width(self) -> Width:
        low, high = self.body.width()
        if high == 0:
            return (0, 0)
        top = None if high is None or self.hi is None else high * self.hi
        return (low * self.lo, top)

    def emit(self, ctx: _Context) -> str:
        atom = self.body.emit(ctx)
        single = isinstance(self.body, _Char | _Group)
        if not (single or (isinstance(self.body, _Set) and self.body.ranges)):
            atom = f"(?:{atom})"
        return atom + _quantifier(self.lo, self.hi, self.greedy)

    def example(self, groups: dict[int, str]) -> str:
        return "".join(self.body.example(groups) for _ in range(self.lo))


@dataclass(frozen=True, eq=False)
class _BackRef(_Node):
    """A back-reference to a capturing group."""

    target: int | str  # group number or group name, as written
    offset: int

    def width(self) -> Width:
        return (0, None)

    def emit(self, ctx: _Context) -> str:
        index, mode = ctx.refs[id(self)]
        if mode == _EMPTY:
            return "(?:)"
        name = ctx.names.get(index)
        ref = f"(?P={name})" if name else f"(?:\\{index})"
        return ref if mode == _PLAIN else f"(?({name or index}){ref})"

    def example(self, groups: dict[int, str]) -> str:
        return groups.get(self.target, "") if isinstance(self.target, int) else ""


# --------------------------------------------------------------------------
# Parser (ECMA-262 Pattern grammar with the [UnicodeMode] parameter)

_SYNTAX_CHARS = frozenset("^$\\.*+?()[]{}|")
_IDENTITY_ESCAPES = _SYNTAX_CHARS | {"/"}
_ALTERNATIVE_END = frozenset({"", "|", ")"})
_QUANTIFIER_START = frozenset("*+?{")
_SIMPLE_QUANTIFIERS: dict[str, tuple[int, int | None]] = {
    "*": (0, None),
    "+": (1, None),
    "?": (0, 1),
}
_CONTROL_ESCAPES = {"f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B}
_CLASS_ONLY_ESCAPES = {"b": 0x08, "-": 0x2D}
_SET_ESCAPE_LETTERS = frozenset("dDsSwWpP")
_LOOK_PREFIXES = {  # prefix -> (lookahead?, negative?)
    "?=": (True, False),
    "?!": (True, True),
    "?<=": (False, False),
    "?<!": (False, True),
}
_ASCII_DIGITS = frozenset("0123456789")
_BRACES = re.compile(r"\{([0-9]+)(,([0-9]*))?\}")
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX2 = re.compile(r"[0-9A-Fa-f]{2}")
_BRACED_HEX = re.compile(r"\{([0-9A-Fa-f]+)\}")
_DECIMAL = re.compile(r"[0-9]+")
_PROPERTY_BODY = re.compile(r"\{([^}]*)\}")

_GroupBuilder = Callable[[_Node, int], _Node]


def _decimal(digits: str) -> int:
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= _MAX_DIGITS else _HUGE


def _is_high_surrogate(cp: int) -> bool:
    return cp in _HIGH_SURROGATES


def _is_low_surrogate(cp: int) -> bool:
    return cp in _LOW_SURROGATES


def _combine_surrogates(high: int, low: int) -> int:
    return _ASTRAL_START + ((high - _HIGH_SURROGATES.start) << 10) + low - _LOW_SURROGATES.start


def _is_name_start(cp: int) -> bool:
    return cp in (0x24, 0x5F) or chr(cp).isidentifier()


def _is_name_part(cp: int) -> bool:
    return cp in (0x24, 0x200C, 0x200D) or ("a" + chr(cp)).isidentifier()


class _Parser:
    """Recursive descent parser producing the syntax tree of one pattern."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.depth = 0
        self.group_count = 0
        self.names: dict[str, int] = {}

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.src[index] if index < len(self.src) else ""

    def error(self, message: str, offset: int | None = None) -> RegexError:
        return RegexError(message, self.pos if offset is None else offset)

    def parse(self) -> _Node:
        node = self.disjunction()
        if self.pos < len(self.src):
            raise self.error("unbalanced ')'")
        return node

    def disjunction(self) -> _Node:
        branches = [self.alternative()]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.alternative())
        return branches[0] if len(branches) == 1 else _Alt(tuple(branches))

    def alternative(self) -> _Node:
        items: list[_Node] = []
        while self.peek() not in _ALTERNATIVE_END:
            items.append(self.term())
        return items[0] if len(items) == 1 else _Seq(tuple(items))

    def term(self) -> _Node:
        atom = _ATOM_PARSERS.get(self.peek(), _Parser.literal_atom)(self)
        if self.peek() not in _QUANTIFIER_START:
            return atom
        if isinstance(atom, _Assertion | _Look):
            raise self.error("nothing to repeat (assertions cannot be quantified)")
        return self.quantified(atom)

    def quantified(self, atom: _Node) -> _Node:
        start = self.pos
        if self.peek() == "{":
            bounds = self.braces()
            if bounds is None:
                raise self.error("incomplete quantifier: lone '{'")
        else:
            bounds = _SIMPLE_QUANTIFIERS[self.peek()]
            self.pos += 1
        lo, hi = bounds
        greedy = True
        if self.peek() == "?":
            self.pos += 1
            greedy = False
        if hi is not None and lo > hi:
            raise self.error("numbers out of order in {} quantifier", start)
        if lo >= _PY_MAX_REPEAT:
            raise self.error("repetition count too large for Python's re", start)
        return _Repeat(atom, lo, None if hi is None or hi >= _PY_MAX_REPEAT else hi, greedy)

    def braces(self) -> tuple[int, int | None] | None:
        match = _BRACES.match(self.src, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        lo = _decimal(match.group(1))
        if match.group(2) is None:
            return lo, lo
        return lo, _decimal(match.group(3)) if match.group(3) else None

    # -- atoms ------------------------------------------------------------

    def read_code_point(self) -> int:
        """Consume one source character, joining a literal surrogate pair."""
        cp = ord(self.src[self.pos])
        self.pos += 1
        if _is_high_surrogate(cp) and _is_low_surrogate(ord(self.peek() or "\0")):
            cp = _combine_surrogates(cp, ord(self.src[self.pos]))
            self.pos += 1
        return cp

    def literal_atom(self) -> _Node:
        return _Char(self.read_code_point())

    def simple_atom(self) -> _Node:
        char = self.peek()
        self.pos += 1
        return _Set(_DOT) if char == "." else _Assertion(char)

    def nothing_to_repeat(self) -> _Node:
        start = self.pos
        if self.peek() == "{" and self.braces() is None:
            raise self.error("lone '{' (must be escaped in unicode mode)", start)
        raise self.error("nothing to repeat", start)

    def lone_bracket(self) -> _Node:
        raise self.error(f"lone '{self.peek()}' (must be escaped in unicode mode)")

    # -- groups -----------------------------------------------------------

    def group(self) -> _Node:
        start = self.pos
        if self.depth >= _MAX_NESTING:
            raise self.error("groups nested too deeply")
        self.pos += 1
        build = self.group_builder(start)
        self.depth += 1
        body = self.disjunction()
        self.depth -= 1
        if self.peek() != ")":
            raise self.error("unterminated group (missing ')')", start)
        self.pos += 1
        return build(body, self.pos - 1)

    def group_builder(self, start: int) -> _GroupBuilder:
        if self.peek() != "?":
            index = self.new_group(None, start)
            return lambda body, end: _Group(body, index, end)
        for prefix, (ahead, negative) in _LOOK_PREFIXES.items():
            if self.src.startswith(prefix, self.pos):
                self.pos += len(prefix)
                return lambda body, _end: _Look(body, ahead, negative, start)
        if self.src.startswith("?:", self.pos):
            self.pos += 2
            return lambda body, end: _Group(body, None, end)
        if self.src.startswith("?<", self.pos):
            self.pos += 2
            index = self.new_group(self.group_name(), start)
            return lambda body, end: _Group(body, index, end)
        raise self.error("invalid group: '(?' must be followed by ':', '=', '!', '<'", start)

    def new_group(self, name: str | None, start: int) -> int:
        self.group_count += 1
        if name is not None:
            if name in self.names:
                raise self.error(f"duplicate group name {_show(name)!r}", start)
            self.names[name] = self.group_count
        return self.group_count

    def group_name(self) -> str:
        """Parse ``name>`` (the opening ``<`` is already consumed)."""
        start = self.pos
        chars: list[str] = []
        while self.peek() != ">":
            if self.peek() == "":
                raise self.error("unterminated group name", start)
            offset = self.pos
            cp = self.name_code_point()
            if not (_is_name_part(cp) if chars else _is_name_start(cp)):
                raise self.error("invalid character in group name", offset)
            chars.append(chr(cp))
        if not chars:
            raise self.error("empty group name", start)
        self.pos += 1
        return "".join(chars)

    def name_code_point(self) -> int:
        if self.peek() != "\\":
            return self.read_code_point()
        start = self.pos
        if self.peek(1) != "u":
            raise self.error("invalid escape in group name")
        self.pos += 2
        return self.unicode_escape(start)

    # -- escapes ----------------------------------------------------------

    def atom_escape(self) -> _Node:
        start = self.pos
        self.pos += 1
        char = self.peek()
        if char == "":
            raise self.error("'\\' at end of pattern", start)
        if char in _SET_ESCAPE_LETTERS:
            return _Set(self.set_escape(start))
        handler = _ATOM_ESCAPE_PARSERS.get(char)
        if handler is not None:
            return handler(self, start)
        return _Char(self.character_escape(start))

    def word_boundary(self, _start: int) -> _Node:
        kind = self.peek()
        self.pos += 1
        return _Assertion(kind)

    def numbered_reference(self, start: int) -> _Node:
        match = _DECIMAL.match(self.src, self.pos)
        assert match is not None  # called on a digit
        self.pos = match.end()
        return _BackRef(_decimal(match.group()), start)

    def named_reference(self, start: int) -> _Node:
        if self.peek(1) != "<":
            raise self.error("invalid named reference: expected '\\k<name>'", start)
        self.pos += 2
        return _BackRef(self.group_name(), start)

    def set_escape(self, start: int) -> Ranges:
        letter = self.peek()
        self.pos += 1
        if letter not in "pP":
            return _CLASS_ESCAPES[letter]
        match = _PROPERTY_BODY.match(self.src, self.pos)
        if match is None:
            raise self.error(f"invalid property escape: expected '\\{letter}{{...}}'", start)
        self.pos = match.end()
        ranges = _unicode_property(match.group(1), start)
        return ranges if letter == "p" else _complement(ranges)

    def character_escape(self, start: int) -> int:
        char = self.peek()
        if char in _CONTROL_ESCAPES:
            self.pos += 1
            return _CONTROL_ESCAPES[char]
        handler = _CHARACTER_ESCAPE_PARSERS.get(char)
        if handler is not None:
            return handler(self, start)
        if char in _IDENTITY_ESCAPES:
            self.pos += 1
            return ord(char)
        raise self.error(f"invalid escape '\\{_show(char)}' in unicode mode", start)

    def control_letter(self, start: int) -> int:
        letter = self.peek(1)
        if not (letter.isascii() and letter.isalpha()):
            raise self.error("invalid control escape: '\\c' needs an ASCII letter", start)
        self.pos += 2
        return ord(letter) % 32

    def null_escape(self, start: int) -> int:
        if self.peek(1) in _ASCII_DIGITS:
            raise self.error("invalid decimal escape (octal escapes are not allowed)", start)
        self.pos += 1
        return 0

    def hex_escape(self, start: int) -> int:
        match = _HEX2.match(self.src, self.pos + 1)
        if match is None:
            raise self.error("invalid escape: '\\x' needs two hex digits", start)
        self.pos = match.end()
        return int(match.group(), 16)

    def unicode_escape_atom(self, start: int) -> int:
        self.pos += 1
        return self.unicode_escape(start)

    def unicode_escape(self, start: int) -> int:
        """Parse what follows ``\\u``: ``XXXX``, a surrogate pair or ``{X...}``."""
        braced = _BRACED_HEX.match(self.src, self.pos)
        if braced is not None:
            digits = braced.group(1).lstrip("0")
            if len(digits) > _MAX_HEX_DIGITS or int(digits or "0", 16) > MAX_CODE_POINT:
                raise self.error("invalid Unicode escape: code point out of range", start)
            self.pos = braced.end()
            return int(digits or "0", 16)
        match = _HEX4.match(self.src, self.pos)
        if match is None:
            raise self.error("invalid Unicode escape", start)
        self.pos = match.end()
        cp = int(match.group(), 16)
        trail = _HEX4.match(self.src, self.pos + 2)
        if _is_high_surrogate(cp) and self.src.startswith("\\u", self.pos) and trail:
            low = int(trail.group(), 16)
            if _is_low_surrogate(low):
                self.pos = trail.end()
                return _combine_surrogates(cp, low)
        return cp

    # -- character classes ------------------------------------------------

    def char_class(self) -> _Node:
        start = self.pos
        self.pos += 1
        negate = self.peek() == "^"
        self.pos += 1 if negate else 0
        parts: list[Range] = []
        while self.peek() != "]":
            if self.peek() == "":
                raise self.error("unterminated character class (missing ']')", start)
            parts.extend(self.class_ranges())
        self.pos += 1
        ranges = _normalize(parts)
        return _Set(_complement(ranges) if negate else ranges)

    def class_ranges(self) -> Ranges:
        start = self.pos
        first = self.class_atom()
        if self.peek() != "-" or self.peek(1) in ("]", ""):
            return ((first, first),) if isinstance(first, int) else first
        self.pos += 1
        last = self.class_atom()
        if not (isinstance(first, int) and isinstance(last, int)):
            raise self.error("invalid character class: a class escape cannot bound a range", start)
        if first > last:
            raise self.error("range out of order in character class", start)
        return ((first, last),)

    def class_atom(self) -> int | Ranges:
        if self.peek() != "\\":
            return self.read_code_point()
        start = self.pos
        self.pos += 1
        char = self.peek()
        if char == "":
            raise self.error("'\\' at end of pattern", start)
        if char in _SET_ESCAPE_LETTERS:
            return self.set_escape(start)
        if char in _CLASS_ONLY_ESCAPES:
            self.pos += 1
            return _CLASS_ONLY_ESCAPES[char]
        return self.character_escape(start)


_ATOM_PARSERS: dict[str, Callable[[_Parser], _Node]] = {
    "(": _Parser.group,
    "[": _Parser.char_class,
    "\\": _Parser.atom_escape,
    ".": _Parser.simple_atom,
    "^": _Parser.simple_atom,
    "$": _Parser.simple_atom,
    "*": _Parser.nothing_to_repeat,
    "+": _Parser.nothing_to_repeat,
    "?": _Parser.nothing_to_repeat,
    "{": _Parser.nothing_to_repeat,
    "}": _Parser.lone_bracket,
    "]": _Parser.lone_bracket,
}
_ATOM_ESCAPE_PARSERS: dict[str, Callable[[_Parser, int], _Node]] = {
    "b": _Parser.word_boundary,
    "B": _Parser.word_boundary,
    "k": _Parser.named_reference,
    **{digit: _Parser.numbered_reference for digit in "123456789"},
}
_CHARACTER_ESCAPE_PARSERS: dict[str, Callable[[_Parser, int], int]] = {
    "c": _Parser.control_letter,
    "0": _Parser.null_escape,
    "x": _Parser.hex_escape,
    "u": _Parser.unicode_escape_atom,
}


# --------------------------------------------------------------------------
# Backreference analysis

Path = tuple[_Node, ...]  # ancestors of a node, from the root down


def _index_tree(root: _Node) -> tuple[dict[int, tuple[_Group, Path]], list[tuple[_BackRef, Path]]]:
    groups: dict[int, tuple[_Group, Path]] = {}
    refs: list[tuple[_BackRef, Path]] = []
    stack: list[tuple[_Node, Path]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Group) and node.index is not None:
            groups[node.index] = (node, path)
        elif isinstance(node, _BackRef):
            refs.append((node, path))
        stack.extend((child, (*path, node)) for child in node.children())
    return groups, refs


def _is_loop(node: _Node) -> bool:
    return isinstance(node, _Repeat) and (node.hi is None or node.hi > 1)


def _always_entered(path: Path) -> bool:
    """Whether matching the first node of ``path`` always goes through all the others."""
    for node in path:
        if isinstance(node, _Alt) or (isinstance(node, _Look) and node.negative):
            return False
        if isinstance(node, _Repeat) and node.lo == 0:
            return False
    return True


def _common_length(first: Path, second: Path) -> int:
    length = 0
    for a, b in zip(first, second, strict=False):
        if a is not b:
            break
        length += 1
    return length


def _check_loops(ref: _BackRef, group_path: Path, shared: int) -> None:
    """Reject references whose value depends on ECMA's per-iteration capture reset."""
    set_before_ref = _always_entered(group_path[shared:])
    behind = False
    for position, node in enumerate(group_path):
        behind = behind or (isinstance(node, _Look) and not node.ahead)
        if not _is_loop(node):
            continue
        if behind:
            raise RegexError("backreference to a group repeated inside a lookbehind", ref.offset)
        if position < shared:  # the loop also contains the reference
            safe = set_before_ref
        else:
            nonempty = isinstance(node, _Repeat) and node.body.width()[0] > 0
            safe = nonempty and _always_entered(group_path[position + 1 :])
        if not safe:
            message = "backreference to a group that may be skipped inside a repetition"
            raise RegexError(message + " is not supported (capture reset differs)", ref.offset)


def _ref_mode(ref: _BackRef, ref_path: Path, group: _Group, group_path: Path) -> str:
    if any(isinstance(node, _Look) and not node.ahead for node in ref_path):
        raise RegexError("backreference inside a lookbehind is not supported", ref.offset)
    if ref.offset < group.end:
        return _EMPTY  # ECMA: the group has not participated yet
    shared = _common_length(ref_path, group_path)
    below = group_path[shared:]
    if isinstance(group_path[shared - 1], _Alt):
        return _EMPTY  # the group is in another alternative
    if any(isinstance(node, _Look) and node.negative for node in below):
        return _EMPTY  # captures of a negative lookaround never survive it
    _check_loops(ref, group_path, shared)
    return _PLAIN if _always_entered(below) else _COND


def _resolve(ref: _BackRef, names: dict[str, int], group_count: int) -> int:
    if isinstance(ref.target, str):
        if ref.target not in names:
            raise RegexError(f"reference to undefined group {_show(ref.target)!r}", ref.offset)
        return names[ref.target]
    if ref.target > group_count:
        raise RegexError(f"backreference to nonexistent group {ref.target}", ref.offset)
    return ref.target


def _python_names(parser: _Parser, referenced: Iterable[int]) -> dict[int, str]:
    names = {index: name for name, index in parser.names.items()}
    result = {i: n for i, n in names.items() if n.isascii() and n.isidentifier()}
    taken = set(parser.names)
    for index in sorted(set(referenced)):
        if index > _MAX_NUMBERED_REF and index not in result:
            name = f"_g{index}"
            while name in taken:
                name += "_"
            taken.add(name)
            result[index] = name
    return result


def _plan(root: _Node, parser: _Parser) -> _Context:
    groups, refs = _index_tree(root)
    plans: dict[int, tuple[int, str]] = {}
    for ref, path in refs:
        index = _resolve(ref, parser.names, parser.group_count)
        group, group_path = groups[index]
        plans[id(ref)] = (index, _ref_mode(ref, path, group, group_path))
    used = [index for index, mode in plans.values() if mode != _EMPTY]
    return _Context(plans, _python_names(parser, used))


# --------------------------------------------------------------------------
# Entry point


def _verify(translated: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            re.compile(translated)
        except (re.error, OverflowError, RecursionError, Warning) as exc:
            message = f"the translation is rejected by Python's re ({_show(str(exc))})"
            raise RegexError(message) from exc


@functools.lru_cache(maxsize=4096)  # specs repeat their patterns (ids, dates, codes)
def translate(pattern: str) -> str:
    """Return an equivalent Python `re` pattern (see module docstring); raise RegexError."""
    try:
        parser = _Parser(pattern)
        root = parser.parse()
        translated = root.emit(_plan(root, parser))
    except RecursionError:
        raise RegexError("pattern is nested too deeply") from None
    _verify(translated)
    return translated


@functools.lru_cache(maxsize=4096)
def example(pattern: str, limit: int = 1000) -> str | None:
    """A short string the ECMA-262 ``pattern`` matches, or None when none is found.

    Each node contributes its shortest choice (first alternative, minimum repetitions); the
    candidate is kept only if the translated pattern really finds it, so lookarounds, anchors
    and back-references never make it wrong, at worst absent.
    """
    try:
        text = _Parser(pattern).parse().example({})
        found = re.search(translate(pattern), text) is not None
    except (RegexError, RecursionError, ValueError):
        return None
    return text if found and len(text) <= limit else None
