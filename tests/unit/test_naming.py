"""Unit tests of ``generator.naming``: words, identifiers, class names, scopes, inline names."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import (
    BUILTINS,
    MAX_NAME,
    NameContext,
    Scope,
    claim_name,
    class_name,
    identifier,
    pascal,
    preferred_name,
    snake,
    split_words,
    stem,
)
from generator.naming.models import join_words, singular
from generator.naming.words import fit


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("PostLmsCoursesBulk", ["Post", "Lms", "Courses", "Bulk"]),
        ("foo-bar.baz", ["foo", "bar", "baz"]),
        ("HTTPResponse2", ["HTTP", "Response2"]),
        ("getHTTPStatusCode", ["get", "HTTP", "Status", "Code"]),
        ("café au lait", ["cafe", "au", "lait"]),  # accents folded to ASCII
        ("+", ["plus"]),  # no letters: spelled from its symbols
        ("日本", ["value"]),  # nothing ASCII at all
        ("", ["value"]),
    ],
)
def test_split_words(text: str, words: list[str]) -> None:
    assert split_words(text) == words


@pytest.mark.parametrize(
    ("text", "snake_case", "pascal_case"),
    [
        ("PostLmsCoursesBulk", "post_lms_courses_bulk", "PostLmsCoursesBulk"),
        ("X-Integration-Id", "x_integration_id", "XIntegrationId"),
        ("getHTTPStatusCode", "get_http_status_code", "GetHttpStatusCode"),
        ("already_snake", "already_snake", "AlreadySnake"),
        ("$ref", "ref", "Ref"),
    ],
)
def test_snake_and_pascal(text: str, snake_case: str, pascal_case: str) -> None:
    assert snake(text) == snake_case
    assert pascal(text) == pascal_case


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("class", "class_"),  # keyword
        ("match", "match_"),  # soft keyword
        ("2fa", "n2fa"),  # may not start with a digit
        ("-1", "n1"),
        ("foo-bar", "foo_bar"),
        ("__init__", "init"),  # never a dunder
        ("_", "underscore"),
        ("", "value"),
    ],
)
def test_identifier_on_odd_input(text: str, name: str) -> None:
    found = identifier(text)
    assert found == name
    assert found.isidentifier() and found.isascii()
    assert not keyword.iskeyword(found)


def test_identifier_does_not_depend_on_the_python_version(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``type`` became a soft keyword in Python 3.12: the names gen makes must not change with
    the interpreter that runs it (the output is deterministic), so it stays ``type``."""
    newer = frozenset({"_", "case", "match", "type"})  # keyword.softkwlist of Python 3.12
    monkeypatch.setattr(keyword, "softkwlist", sorted(newer))
    monkeypatch.setattr(keyword, "issoftkeyword", newer.__contains__)
    assert identifier("type") == "type"
    assert identifier("case") == "case_"


def test_identifier_avoids_reserved_names() -> None:
    assert identifier("print") == "print"
    assert identifier("print", BUILTINS) == "print_"
    assert identifier("self", {"self"}) == "self_"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("APIKey", "APIKey"),  # already a PascalCase identifier: kept as written
        ("pet store", "PetStore"),
        ("2fa", "N2fa"),
        ("None", "NoneModel"),  # keyword
        ("true", "TrueModel"),  # becomes the keyword True
        ("Exception", "ExceptionModel"),  # builtin
    ],
)
def test_class_name(text: str, name: str) -> None:
    assert class_name(text) == name


def test_class_name_reserved_gets_model_suffix() -> None:
    assert class_name("Client", {"Client"}) == "ClientModel"


def test_long_names_are_cut_at_word_boundaries() -> None:
    text = "_".join(f"word{i}" for i in range(20))  # 119 characters
    name = identifier(text)
    assert len(name) <= MAX_NAME
    # the head (first word) and the most specific tail are kept; words after the head go first
    assert name.startswith("word0_")
    assert name.endswith("_word19")
    assert "word1_" not in name
    assert fit(name) == name
    long_class = "".join(f"Part{i}" for i in range(20))
    cut = class_name(long_class)
    assert len(cut) <= MAX_NAME
    assert cut.startswith("Part0") and cut.endswith("Part19")


def test_one_long_word_is_cut_to_the_limit() -> None:
    assert identifier("a" * 70) == "a" * MAX_NAME


def test_scope_numbers_taken_names() -> None:
    scope = Scope({"taken"})
    assert [scope.claim("name") for _ in range(3)] == ["name", "name_2", "name_3"]
    assert [scope.claim("Name") for _ in range(3)] == ["Name", "Name2", "Name3"]
    assert scope.claim("taken") == "taken_2"
    assert "name_3" in scope


def test_scope_never_gives_a_name_twice() -> None:
    scope = Scope()
    texts = ["x" * 80, "_".join(["segment"] * 12), "Short", "short", "short", "x" * 80]
    claimed = [scope.claim(text) for text in texts for _ in range(15)]
    assert len(set(claimed)) == len(claimed)
    assert all(len(name) <= MAX_NAME for name in claimed)


def test_scope_first_free() -> None:
    scope = Scope({"a"})
    assert scope.first_free(["a", "b", "c"]) == "b"
    assert scope.first_free(["a", "b"]) is None
    scope.take("c")
    assert scope.first_free(["c"]) is None


@pytest.mark.parametrize(
    ("word", "one"),
    [
        ("items", "item"),
        ("warnings", "warning"),
        ("categories", "category"),
        ("boxes", "box"),
        ("classes", "class"),
        ("People", "Person"),
        ("data", None),  # not a plural (named ``DataItem``)
        ("status", None),
        ("address", None),
        ("bus", None),
    ],
)
def test_singular(word: str, one: str | None) -> None:
    assert singular(word) == one


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("PostLmsCoursesBulkRequestBody", "PostLmsCoursesBulk"),
        ("GetUserPositiveResponse", "GetUser"),
        ("UserResponse", "UserResponse"),  # fewer than two words would remain
        ("Response", "Response"),
        ("io.k8s.api.apps.v1.DaemonSet", "DaemonSet"),
    ],
)
def test_stem(name: str, short: str) -> None:
    assert stem(name) == short


def test_join_words_does_not_repeat_an_overlap() -> None:
    assert join_words("CompletedData", "DataItem") == "CompletedDataItem"
    assert join_words("Employee", "Address") == "EmployeeAddress"


@pytest.mark.parametrize(
    ("ctx", "name"),
    [
        (NameContext(role="component", word="Pet"), "Pet"),
        (NameContext.at("property", "address", "Employee"), "EmployeeAddress"),
        (NameContext.at("item", "warnings", "Result"), "ResultWarning"),
        (NameContext.at("item", "data", "Result"), "ResultDataItem"),
        (NameContext.at("item", "data", "CompletedData"), "CompletedDataItem"),
        (NameContext.at("value", "labels", "Pet"), "PetLabelValue"),
    ],
)
def test_preferred_name_from_place(ctx: NameContext, name: str) -> None:
    assert preferred_name(ctx, frozenset()) == name


def test_variant_names_by_tag_then_fallbacks() -> None:
    base = NameContext.at("property", "course", "Lesson")
    tagged = base.variant(tag="EXTERNAL", title=None, only_required=None, index=0)
    assert preferred_name(tagged, frozenset()) == "ExternalCourse"
    scope = Scope({"ExternalCourse"})
    # the tag name is taken: the more specific place name comes next
    assert claim_name(tagged, scope, frozenset()) == "LessonCourseExternal"
    untagged = base.variant(tag=None, title=None, only_required="url", index=1)
    assert claim_name(untagged, scope, frozenset()) == "LessonCourseWithUrl"
    bare = base.variant(tag=None, title=None, only_required=None, index=2)
    assert claim_name(bare, scope, frozenset()) == "LessonCourseOption3"
    # every candidate taken: numbered as the last resort, never a duplicate
    again = claim_name(bare, scope, frozenset())
    assert again == "LessonCourseOption32"
    assert claim_name(bare, scope, frozenset()) == "LessonCourseOption33"


def test_claim_name_tries_the_kind_before_a_number() -> None:
    scope = Scope({"PetOwner"})
    ctx = NameContext.at("property", "owner", "Pet")
    assert claim_name(ctx, scope, frozenset(), "Union") == "PetOwnerUnion"
