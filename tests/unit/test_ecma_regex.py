"""Tests for generator.ir.ecma_regex (ECMA-262 unicode-mode regex -> Python ``re``)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ir.ecma_regex import RegexError, example, translate
from tests.hypo import examples

ECMA_WHITESPACE = frozenset(
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
LINE_TERMINATORS = frozenset("\n\r\u2028\u2029")
ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
SYNTAX_ALPHABET = list("()[]{}|\\^$.*+?-,:=!<>/kupPdDsSwWbBcx0123456789aAzZ_ é😀")


def matches(pattern: str, text: str) -> bool:
    return re.compile(translate(pattern)).search(text) is not None


# (pattern, input string, does ECMAScript `new RegExp(pattern, "u").test(input)` hold?)
MATCH_CASES: list[tuple[str, str, bool]] = [
    # JSON Schema Test Suite (optional/ecmascript-regex)
    (r"^\p{Letter}+$", "\u211d", True),  # DOUBLE-STRUCK CAPITAL R
    (r"^\p{Letter}+$", "ᐆ", True),
    (r"^\p{Letter}+$", "Ωmega", True),
    (r"^\p{Letter}+$", "1", False),
    (r"^\p{Letter}+$", "I ♥ Chinese", False),
    (r"^a*$", "aaa\n", False),
    (r"^a*$", "aaa", True),
    (r"^\d+$", "٣", False),
    (r"\w", "é", False),
    (r"\s", "\u00a0", True),
    (r"\s", "\ufeff", True),
    # dot and anchors
    (".", "\r", False),
    (".", "\n", False),
    (".", "\u2028", False),
    (".", "\u2029", False),
    (".", "\t", True),
    ("^.$", "😀", True),
    ("a$", "a\n", False),
    ("^b", "a\nb", False),
    ("^$", "", True),
    ("", "anything", True),
    # \d \w \s and their negations, also inside classes
    (r"\d", "7", True),
    (r"^\D$", "٣", True),
    (r"\w", "_", True),
    (r"^\W$", "é", True),
    (r"\s", "\u2028", True),
    (r"\s", "\u3000", True),
    (r"\s", "\u0085", False),
    (r"^\S$", "\u00a0", False),
    (r"^[\d-]+$", "1-2", True),
    (r"[\d-]", "x", False),
    (r"[^\s]", " ", False),
    (r"[^\s]", "x", True),
    (r"^[\w.]+$", "a.b_c", True),
    (r"^[\W]$", "é", True),
    (r"^[^\d\s]$", "٣", True),
    # word boundaries are ASCII based
    (r"\bfoo\b", "a foo b", True),
    (r"\bfoo\b", "éfooé", True),
    (r"\bfoo\b", "afoo", False),
    (r"\Bfoo", "éfoo", False),
    (r"\Bfoo", "afoo", True),
    (r"^\B$", "", True),
    # Unicode property escapes
    (r"^\p{L}+$", "Ωmega", True),
    (r"\p{Lu}", "a", False),
    (r"\p{Lu}", "Ä", True),
    (r"\p{Uppercase_Letter}", "Ä", True),
    (r"\p{Ll}", "ä", True),
    (r"\p{gc=Nd}", "٣", True),
    (r"\p{General_Category=Decimal_Number}", "٣", True),
    (r"\p{Nd}", "a", False),
    (r"\p{N}", "½", True),
    (r"\p{P}", "!", True),
    (r"\p{S}", "♥", True),
    (r"\p{Z}", "\u3000", True),
    (r"\p{Cc}", "\x07", True),
    (r"\p{M}", "\u0301", True),
    (r"\p{LC}", "ǅ", True),
    (r"^\P{L}+$", "123 !", True),
    (r"^\P{L}$", "a", False),
    (r"[^\p{L}]", "a", False),
    (r"[^\p{L}]", "1", True),
    (r"^[\P{L}]$", "1", True),
    (r"^[\p{L}\d_-]+$", "Ωmega_1-x", True),
    (r"^[\p{L}\d_-]+$", "a b", False),
    (r"^[\p{L}\d_-]+$", "٣", False),
    (r"\p{Any}", "\U0010ffff", True),
    (r"^\p{ASCII}+$", "abc", True),
    (r"\p{ASCII}", "é", False),
    (r"\p{Assigned}", "a", True),
    (r"\p{Assigned}", "\U0010fffe", False),
    (r"\p{White_Space}", "\u0085", True),
    (r"\p{Lowercase}", "ª", True),
    (r"\p{Uppercase}", "a", False),
    # escapes
    (r"\u{1F600}", "😀", True),
    (r"^\uD83D\uDE00$", "😀", True),
    (r"^\uD83D$", "😀", False),
    (r"^\u{1F600}{2}$", "😀😀", True),
    (r"\u0041", "A", True),
    (r"\x41", "A", True),
    (r"\cJ", "\n", True),
    (r"\ca", "\x01", True),
    (r"\0", "\x00", True),
    (r"^\t\n\v\f\r$", "\t\n\v\f\r", True),
    (r"\/", "/", True),
    (r"^\^\$\\\.\*\+\?\(\)\[\]\{\}\|$", "^$\\.*+?()[]{}|", True),
    (r"^[\b]$", "\x08", True),
    (r"^[\-]$", "-", True),
    ("^é$", "é", True),
    ("😀", "😀", True),
    ("^[😀-😂]$", "😁", True),
    (r"^[\u{1F600}-\u{1F64F}]$", "😃", True),
    ("^ #$", " #", True),
    # quantifiers
    ("^a{2}$", "aa", True),
    ("^a{2}$", "aaa", False),
    ("^a{2,}$", "aaaa", True),
    ("^a{2,3}$", "aaaa", False),
    ("^a{2,3}?$", "aaa", True),
    ("^(?:ab)+$", "abab", True),
    ("^a*?b", "aab", True),
    ("^a??b$", "b", True),
    ("^x{0,99999999999}$", "xxx", True),
    ("^(?:a|){3,}b$", "ab", True),
    # character classes
    ("[]", "a", False),
    ("[]", "", False),
    ("^[^]$", "\n", True),
    ("^[^]$", "😀", True),
    ("[[]", "[", True),
    (r"^[a-c[\]]+$", "a[b]", True),
    ("^[--/]$", ".", True),
    ("^[a-]$", "-", True),
    ("^[&&]$", "&", True),
    ("^[~~]$", "~", True),
    ("^[|-|]$", "|", True),
    ("^[a-z-0]$", "-", True),
    ("^[^abc]$", "d", True),
    ("^[^abc]$", "a", False),
    ("^[^a]$", "😀", True),
    # groups and backreferences
    (r"(?<year>\d{4})-\k<year>", "2020-2020", True),
    (r"(?<year>\d{4})-\k<year>", "2020-2021", False),
    (r"^(a)\1$", "aa", True),
    (r"^(a)\1$", "ab", False),
    (r"^(?:(a)|b)\1$", "b", True),
    (r"^(?:(a)|b)\1$", "aa", True),
    (r"^(?:(a)|b)\1$", "ab", False),
    (r"^(?:(a)|\1b)$", "b", True),
    (r"^\k<x>(?<x>a)$", "a", True),
    (r"^(a\1)$", "a", True),
    (r"^(?!(a)b)\1a", "ac", True),
    (r"^(?:(\w)b)+\1$", "abcbc", True),
    (r"^(?:(\w)b)+\1$", "abcba", False),
    (r"^(?<$d>a)\k<$d>$", "aa", True),
    (r"^(?<é>a)\k<é>$", "aa", True),
    (r"^(?<\u0061>x)\k<a>$", "xx", True),
    ("^(?:cat|dog)$", "dog", True),
    ("^(?:cat|dog)$", "cow", False),
    # lookarounds
    (r"(?<=\$)\d+", "$42", True),
    (r"(?<=\$)\d+", "€42", False),
    (r"(?<!\$)\b\d+", "$42", False),
    (r"(?<=^|,)x", "a,x", True),
    (r"(?<=^|,)x", "ax", False),
    (r"(?<!a|bc)d", "bcd", False),
    (r"(?<!a|bc)d", "xd", True),
    (r"(?<=(a))\1", "aa", True),
    (r"(?<=[])a", "a", False),
    ("foo(?=bar)", "foobar", True),
    ("foo(?!bar)", "foobar", False),
]


@pytest.mark.parametrize(("pattern", "text", "expected"), MATCH_CASES)
def test_matches_like_ecmascript(pattern: str, text: str, expected: bool) -> None:
    assert matches(pattern, text) is expected


ERROR_CASES: list[tuple[str, str]] = [
    ("(", "unterminated group"),
    ("(()", "unterminated group"),
    (")", "unbalanced ')' at offset 0"),
    ("ab)", "unbalanced ')' at offset 2"),
    ("a{2,1}", "out of order"),
    ("[z-a]", "out of order"),
    (r"[\d-z]", "class escape"),
    (r"\p{Script=Greek}", "not supported"),
    (r"\p{sc=Grek}", "not supported"),
    (r"\p{scx=Grek}", "not supported"),
    (r"\p{Alphabetic}", "not supported"),
    (r"\p{Foo}", "unknown Unicode property"),
    (r"\p{gc=Foo}", "unknown General_Category"),
    (r"\pL", "property escape"),
    (r"\q", "invalid escape"),
    (r"\a", "invalid escape"),
    (r"\e", "invalid escape"),
    (r"\-", "invalid escape"),
    (r"[\1]", "invalid escape"),
    (r"\00", "decimal escape"),
    (r"\c1", "control escape"),
    (r"\xZ1", "hex digits"),
    (r"\u{110000}", "Unicode escape"),
    (r"\u12", "Unicode escape"),
    ("\\", "end of pattern"),
    ("*a", "nothing to repeat at offset 0"),
    ("a**", "nothing to repeat"),
    ("a|+", "nothing to repeat"),
    (r"\b*", "nothing to repeat"),
    ("(?=a)*", "nothing to repeat"),
    ("a{", "lone '{'"),
    ("a{,5}", "lone '{'"),
    ("{", "lone '{'"),
    ("}", "lone '}'"),
    ("]", "lone ']'"),
    ("[a", "unterminated character class"),
    ("(?i:a)", "invalid group"),
    ("(?<1a>x)", "group name"),
    ("(?<>x)", "empty group name"),
    ("(?<a>x)(?<a>y)", "duplicate group name"),
    (r"\k<nope>", "undefined group"),
    (r"(?<a>x)\k", "named reference"),
    (r"(a)\2", "nonexistent group"),
    ("a{99999999999999999999}", "too large"),
    ("(?<=a+)b", "variable width"),
    (r"(a)(?<=\1)", "inside a lookbehind"),
    (r"^(?:(a)|b)*\1$", "repetition"),
]


@pytest.mark.parametrize(("pattern", "fragment"), ERROR_CASES)
def test_rejects_invalid_or_untranslatable(pattern: str, fragment: str) -> None:
    with pytest.raises(RegexError) as info:
        translate(pattern)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert isinstance(info.value, ValueError)


def test_error_reports_offset() -> None:
    with pytest.raises(RegexError) as info:
        translate("(?:a)b)")
    assert info.value.offset == "(?:a)b)".index(")", 5)
    assert str(info.value) == "unbalanced ')' at offset 6"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^a$", r"\Aa\Z"),
        (r"(?<word>\w+)\k<word>", r"(?P<word>[0-9A-Z_a-z]+)(?P=word)"),
        (".", "[^\\n\\r\\u2028\\u2029]"),
        ("[]", "(?!)"),
        ("[^]", "[\\x00-\\U0010ffff]"),
        (r"\u{1F600}", "\\U0001f600"),
        ("a-b c", r"a\-b\ c"),
        ("(?<=a|bc)d", "(?:(?<=a)|(?<=bc))d"),
        ("(?<!a|bc)d", "(?<!a)(?<!bc)d"),
    ],
)
def test_translation_shape(pattern: str, expected: str) -> None:
    assert translate(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    ["é+", r"\p{L}", r"\P{Lu}", "[^😀]", r"(?<é>a)\k<é>", r"\s", ".", "\u2028", r"\w\b"],
)
def test_output_is_ascii_and_deterministic(pattern: str) -> None:
    first = translate(pattern)
    assert first.isascii()
    assert translate(pattern) == first


def test_non_identifier_group_names_become_plain_groups() -> None:
    assert translate(r"(?<$x>a)\k<$x>") == r"(a)(?:\1)"


def test_many_groups_use_named_references() -> None:
    pattern = "(a)" * 100 + r"\100"
    translated = translate(pattern)
    assert re.compile(translated).search("a" * 101)
    assert not re.compile(translated).search("a" * 100 + "b")


def test_deep_nesting_is_a_regex_error() -> None:
    assert matches("(" * 90 + "a" + ")*" * 90, "a")
    with pytest.raises(RegexError, match="nested too deeply"):
        translate("(" * 1000 + ")" * 1000)


def test_compiles_without_warnings() -> None:
    patterns = ["[[]", "[*--]", "[--/]", "[&&x]", "[~~]", "[||]", r"[\[\]]", "[-[]"]
    for pattern in patterns:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            re.compile(translate(pattern))


# --------------------------------------------------------------------------
# Property-based tests


def _never_crashes(pattern: str) -> None:
    try:
        translated = translate(pattern)
    except RegexError as exc:
        assert "\n" not in str(exc)
        return
    assert translated.isascii()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        re.compile(translated)


@settings(max_examples=examples(500), deadline=None)
@given(st.text())
def test_fuzz_any_text(pattern: str) -> None:
    _never_crashes(pattern)


@settings(max_examples=examples(1000), deadline=None)
@given(st.lists(st.sampled_from(SYNTAX_ALPHABET), max_size=20).map("".join))
def test_fuzz_regex_syntax(pattern: str) -> None:
    _never_crashes(pattern)


LANGUAGE_LENGTHS = frozenset({2, 3})
REGION_LENGTH = 2


def _language_tag(text: str) -> bool:
    """Hand-written predicate for ``^[a-z]{2,3}(-[A-Z]{2})?$``."""
    language, dash, region = text.partition("-")
    language_ok = len(language) in LANGUAGE_LENGTHS and all("a" <= c <= "z" for c in language)
    region_ok = len(region) == REGION_LENGTH and all("A" <= c <= "Z" for c in region)
    return language_ok and (region_ok or not dash)


LANGUAGE_TAG = r"^[a-z]{2,3}(-[A-Z]{2})?$"


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="abzAZ-\n1é", max_size=8) | st.from_regex(r"\A[a-z]{2,3}(-[A-Z]{2})?\n?\Z"))
def test_language_tag_oracle(text: str) -> None:
    assert matches(LANGUAGE_TAG, text) is _language_tag(text)


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(ECMA_WHITESPACE | {"a", "\x85", "\u200b"}))))
def test_whitespace_oracle(text: str) -> None:
    assert matches(r"^\s*$", text) is all(c in ECMA_WHITESPACE for c in text)
    assert matches(r"\S", text) is any(c not in ECMA_WHITESPACE for c in text)


@settings(max_examples=examples(300), deadline=None)
@given(st.text())
def test_dot_and_digit_oracle(text: str) -> None:
    assert matches(".", text) is any(c not in LINE_TERMINATORS for c in text)
    assert matches(r"^\d+$", text) is (text != "" and all(c in "0123456789" for c in text))


def _has_word(text: str, word: str) -> bool:
    start = text.find(word)
    while start >= 0:
        before = text[start - 1] if start else ""
        after = text[start + len(word) : start + len(word) + 1]
        if before not in ASCII_WORD and after not in ASCII_WORD:
            return True
        start = text.find(word, start + 1)
    return False


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="fo é_1-", max_size=10))
def test_word_boundary_oracle(text: str) -> None:
    assert matches(r"\bfoo\b", text) is _has_word(text, "foo")


@settings(max_examples=examples(500), deadline=None)
@given(st.characters())
def test_general_category_oracle(char: str) -> None:
    category = unicodedata.category(char)
    assert matches(r"^\p{Lu}$", char) is (category == "Lu")
    assert matches(r"^\p{Letter}$", char) is category.startswith("L")
    assert matches(r"^[^\p{N}\p{P}]$", char) is (category[0] not in "NP")
    assert matches(r"^\P{Cn}$", char) is (category != "Cn")


# --------------------------------------------------------------------------
# Differential test against a JavaScript engine, when one is installed

NODE_PATTERNS = [
    r"^\p{Letter}+$", r"^a*$", r".", r"\d", r"\w", r"\s", r"\bfoo\b", r"\B",
    r"(?<year>\d{4})-\k<year>", r"^(?:(a)|b)\1$", r"(?<=\$)\d+", r"(?<!a|bc)d",
    r"^[\p{L}\d_-]+$", r"[^\s\d]", r"^[a-z]{2,3}(-[A-Z]{2})?$", "^[^]$", "[]", "^$",
    r"^(?:a|b)*?c", r"[\b]", r"\cJ", r"^.{2,3}$", r"\P{L}", r"^(a\1)+$", r"^\k<x>(?<x>.)",
]  # fmt: skip
NODE_STRINGS = [
    "", "a", "abc", "aaa\n", "\r", "\n", "\u2028", "2020-2020", "$42", "bcd", "xd", "b",
    "aa", "ab", "é", "Ωmega", "٣", "\u00a0", "foo", "éfooé", "afoo", "\x08", "en-US",
    "abc-x", "1", "I ♥ Chinese", "ac", "a b_c-1",
]  # fmt: skip
NODE_SCRIPT = """
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = input.patterns.map((p) => {
  const re = new RegExp(p, "u");
  return input.strings.map((s) => re.test(s));
});
process.stdout.write(JSON.stringify(out));
"""


def test_agrees_with_node() -> None:
    """Node is required anyway (the Makefile installs Prism with npm)."""
    node = shutil.which("node")
    assert node is not None, "node is required for this test"
    payload = json.dumps({"patterns": NODE_PATTERNS, "strings": NODE_STRINGS})
    completed = subprocess.run(
        [node, "-e", NODE_SCRIPT], input=payload, capture_output=True, text=True, check=True
    )
    expected = json.loads(completed.stdout)
    for pattern, results in zip(NODE_PATTERNS, expected, strict=True):
        compiled = re.compile(translate(pattern))
        for text, result in zip(NODE_STRINGS, results, strict=True):
            assert (compiled.search(text) is not None) is result, (pattern, text)


# ---------------------------------------------------------------- examples (test data)
@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^[A-Z]{2}-[0-9]{3}$", "AA-000"),
        ("^(foo|bar)+baz$", "foobaz"),
        (r"^\d{4}-\d{2}-\d{2}$", "0000-00-00"),
        (r"^(a)\1$", "aa"),
        (r"^[^a]$", "0"),
        (r"^\p{Lu}\p{Ll}*$", "A"),
        ("^x?$", ""),
    ],
)
def test_example_matches_its_pattern(pattern: str, expected: str) -> None:
    found = example(pattern)
    assert found == expected
    assert re.search(translate(pattern), found) is not None


@pytest.mark.parametrize("pattern", ["^(?=b)a$", "[]", "^a{2000}$", "(unclosed"])
def test_example_is_none_when_the_first_choice_fails_or_is_too_long(pattern: str) -> None:
    assert example(pattern) is None
