"""Readable names for the classes and aliases of inline schemas, from where they appear.

A name is built from its context, never from a counter when context exists:

* a component keeps its own name (``PostLmsCoursesBulkRequestBody``);
* an object in property ``course`` of class ``C`` is ``stem(C) + Course``; an array item is
  named after the singular of the property (``items`` -> ``Item``, ``warnings`` -> ``Warning``;
  ``data`` -> ``DataItem``); a map value gets ``Value``;
* a discriminated alternative is named by its tag and role (``EXTERNAL`` in ``course`` ->
  ``ExternalCourse``); an untagged one by its ``title``, else by a property only it requires;
* ``stem(C)`` drops a generic tail (``RequestBody``, ``PositiveResponse``, ``Response``...) and
  where a stem ends with the words the role starts with they are not repeated
  (``CompletedData`` + ``DataItem`` -> ``CompletedDataItem``).

Candidates are tried in order; a name already taken falls through to the next, more specific
one, and only the last resort gets a number. Names are cut to :data:`~generator.naming.MAX_NAME`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from .words import MAX_NAME, Scope, class_name, class_names, pascal, split_words

__all__ = ["NameContext", "claim_name", "join_words", "preferred_name", "singular", "stem"]

_GENERIC_TAILS = (
    ("Positive", "Response"), ("Request", "Body"), ("Response", "Body"), ("Response",),
    ("Request",), ("Body",), ("Schema",), ("Model",), ("Object",), ("Dto",), ("Payload",),
)  # fmt: skip
_IRREGULAR = {"data": None, "people": "person", "children": "child", "indices": "index",
              "matrices": "matrix", "criteria": "criterion", "metadata": None, "info": None,
              "series": None, "news": None, "status": None, "address": None, "access": None,
              "analysis": None, "alias": None, "bus": None, "canvas": None}  # fmt: skip


def singular(word: str) -> str | None:
    """The singular of an English plural, or None when ``word`` does not look plural."""
    lower = word.lower()
    if lower in _IRREGULAR:
        irregular = _IRREGULAR[lower]
        if irregular is None or not word[:1].isupper():
            return irregular
        return irregular.capitalize()
    rules = (("ies", "y", 4), ("sses", "ss", 5), ("ches", "ch", 5), ("shes", "sh", 5),
             ("xes", "x", 4), ("uses", "us", 5), ("s", "", 3))  # fmt: skip
    for suffix, replacement, min_len in rules:
        if lower.endswith(suffix) and len(lower) >= min_len:
            if suffix == "s" and lower.endswith(("ss", "us", "is")):
                return None
            return word[: len(word) - len(suffix)] + replacement
    return None


@lru_cache(maxsize=65536)
def stem(name: str) -> str:
    """A class name without a generic tail, kept when fewer than two words would remain.

    A dotted (namespaced) name keeps only its last part: ``io.k8s.api.apps.v1.DaemonSet`` ->
    ``DaemonSet``.
    """
    if "." in name:
        name = pascal(name.rsplit(".", 1)[-1])
    words = split_words(name)
    for tail in _GENERIC_TAILS:
        n = len(tail)
        if len(words) - n >= 2 and tuple(w.capitalize() for w in words[-n:]) == tail:
            return "".join(w[:1].upper() + w[1:] for w in words[:-n])
    return name


@lru_cache(maxsize=65536)
def join_words(head: str, tail: str) -> str:
    """``head + tail`` without repeating words where they overlap (``AbData`` + ``DataItem``)."""
    h, t = split_words(head), split_words(tail)
    for k in range(min(len(h), len(t) - 1), 0, -1):
        if [w.lower() for w in h[-k:]] == [w.lower() for w in t[:k]]:
            return head + "".join(w[:1].upper() + w[1:] for w in t[k:])
    return head + tail


Role = Literal["component", "place", "variant", "named"]
Place = Literal["property", "item", "value"]


@dataclass(frozen=True, slots=True, kw_only=True)
class NameContext:
    """Where an inline schema sits: its parent's stem and the role it plays there.

    ``role``: a component (``word`` is its name), a schema in a ``place`` of its parent
    (``word`` is the property name), an alternative of a union (``variant``), or a name
    given outright (``named``).
    """

    role: Role
    stem: str = ""
    word: str = ""
    place: Place = "property"
    alt_stem: str = ""  # a longer, more specific stem tried when the short one is taken
    tag: str | None = None  # discriminator value of a variant
    pinned: str | None = None  # the one value a variant allows for a property all variants have
    title: str | None = None
    only_required: str | None = None  # a property only this alternative requires
    first_property: str | None = None  # its first property, a weaker hint
    index: int = 0  # position among alternatives (last resort)

    @staticmethod
    def at(place: Place, word: str, parent_stem: str, alt_stem: str = "") -> NameContext:
        return NameContext(
            role="place", stem=parent_stem, word=word, place=place, alt_stem=alt_stem
        )

    def variant(
        self,
        *,
        tag: str | None,
        title: str | None,
        only_required: str | None,
        index: int,
        first_property: str | None = None,
        pinned: str | None = None,
    ) -> NameContext:
        return NameContext(  # every field: (faster than dataclasses.replace)
            role="variant",
            stem=self.stem,
            word=self.word,
            place=self.place,
            alt_stem=self.alt_stem,
            tag=tag,
            pinned=pinned,
            title=title,
            only_required=only_required,
            first_property=first_property,
            index=index,
        )


def role_word(ctx: NameContext) -> str:
    """The words that describe a value by its place: ``Course``, ``Item``, ``DataItem``..."""
    if ctx.place == "item":
        one = singular(ctx.word)
        return pascal(one) if one else pascal(ctx.word) + "Item"
    if ctx.place == "value":
        return pascal(singular(ctx.word) or ctx.word) + "Value"
    return pascal(ctx.word) if ctx.word else ""


def _candidates(ctx: NameContext, base_role: str) -> list[str]:
    parent = join_words(ctx.stem, base_role) if ctx.stem else base_role
    if ctx.role in {"component", "named"}:
        return [ctx.word]
    if ctx.role != "variant":
        longer = join_words(ctx.alt_stem, base_role) if ctx.alt_stem else ""
        return [parent] + ([longer] if longer and longer != parent else [])
    out = []
    if ctx.tag is not None:
        out += [pascal(ctx.tag) + base_role, join_words(parent, pascal(ctx.tag))]
    if ctx.title:
        out += [class_name(ctx.title), join_words(parent, pascal(ctx.title))]
    if ctx.pinned:
        out += [join_words(parent, pascal(ctx.pinned))]
    if ctx.only_required:
        out += [join_words(parent, "With" + pascal(ctx.only_required))]
    if ctx.first_property and ctx.first_property != ctx.only_required:
        out += [join_words(parent, "With" + pascal(ctx.first_property))]
    out.append(join_words(parent, f"Option{ctx.index + 1}"))
    return out


def preferred_name(ctx: NameContext, reserved: frozenset[str]) -> str:
    """The name ``ctx`` asks for first (before collisions)."""
    found = [c for c in _candidates(ctx, role_word(ctx)) if c]
    return class_name(found[0], reserved)[:MAX_NAME] if found else "Model"


def claim_name(ctx: NameContext, scope: Scope, reserved: frozenset[str], kind: str = "") -> str:
    """The first free candidate name for ``ctx``; then one with ``kind`` added (``Union``);
    numbered only as a last resort."""
    texts = [c for c in _candidates(ctx, role_word(ctx)) if c] or ["Model"]
    if kind:
        texts.append(class_name(texts[0], reserved) + kind)

    def names() -> Iterator[str]:  # each candidate as cut by class_name, then other cuts
        yield from (class_name(text, reserved)[:MAX_NAME] for text in texts)
        for text in texts:
            yield from (n[:MAX_NAME] for n in class_names(text, reserved)[1:])

    found = scope.first_free(n for n in names() if n not in reserved)
    return found if found is not None else scope.claim(class_name(texts[-1], reserved))
