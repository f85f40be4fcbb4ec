"""The pattern index gives the plain scan's answer, name for name, in the same order.

``Names.by_pattern`` files each pattern under what it requires of a name (a literal
start, or three characters of a literal part) so that a lookup searches only the
patterns that may match. The reference below is the scan it replaced, written from the
rules of tokencost.catalogue.names: every provider whose own patterns match, its models
whose patterns match; then every model whose patterns match, in catalogue order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tokencost.catalogue import load_catalogue
from tokencost.catalogue.names import (
    Names,
    PatternIndex,
    ProviderPatterns,
    compile_pattern,
    model_candidates,
)


def plain_scan(patterns: ProviderPatterns, name: str) -> list[str]:
    """Every pattern of every model tried on ``name``: steps 3 and 4, in order."""
    hits = {text for text, search in searches(patterns) if search(name)}
    return scan_models(patterns, hits)


def scan_models(patterns: ProviderPatterns, hits: set[str]) -> list[str]:
    """The models with a pattern of ``hits`` (the patterns that match a name): those of
    every provider whose own patterns are among them, then all, in catalogue order."""
    if not hits:
        return []  # no pattern matches: no provider owns the name, no model has it
    found = sorted({at for text in hits for at in places(patterns).get(text, ())})
    models = [flat(patterns)[at] for at in found]
    owners = [number for number, (own, _) in enumerate(patterns) if hits.intersection(own)]
    return [
        *(model_id for number in owners for provider, model_id in models if provider == number),
        *(model_id for _, model_id in models),
    ]


@cache
def flat(patterns: ProviderPatterns) -> list[tuple[int, str]]:
    """(provider number, model id) of every model with patterns, in catalogue order."""
    return [
        (number, model_id)
        for number, (_, models) in enumerate(patterns)
        for model_id, _texts in models
    ]


@cache
def places(patterns: ProviderPatterns) -> dict[str, list[int]]:
    """Each pattern text -> the places in :func:`flat` of the models that have it."""
    found: dict[str, list[int]] = {}
    models = (texts for _, models in patterns for _, texts in models)
    for at, texts in enumerate(models):
        for text in texts:
            found.setdefault(text, []).append(at)
    return found


@cache
def searches(patterns: ProviderPatterns) -> list[tuple[str, Callable[[str], object]]]:
    """Each pattern's text and its compiled search, providers' and models' alike."""
    texts = {t for own, models in patterns for t in (*own, *(t for _, ts in models for t in ts))}
    return [(text, compile_pattern(text).search) for text in texts]


@cache
def shipped() -> Names:
    return load_catalogue().names


HOSTILE = [
    "",
    "*",
    "**",
    "\n",
    "claude\n",
    "claude-opus-4-8\n",
    "gpt-5.5\n",
    " gpt-5.5 ",
    "GPT-5.5",
    "Claude-Opus-4-8",
    "İclaude",
    "claude\u0130",
    "ǅeepseek",
    "re:^gpt",
    "^gpt-5",
    "gpt-.*",
    "g",
    "gp",
    "gpt",
    "a" * 5000,
    "claude" * 500,
    "openai/" * 50 + "gpt-5.5",
    "\x00claude",
    "claude\x00",
    "/",
    "//",
    "-20260101",
    "@20260101",
    "typesafe/jev-1.13-20260101",
    "gemini-2.5-pro-tts",
    "gemini-2.5-pro-TTS-x",
]


def probes(names: Names) -> list[str]:
    """Each id and alias; each pattern's text, literal parts and likely fillings."""
    found = set(names.exact) | set(HOSTILE)
    for own, models in names.patterns:
        for text in (*own, *(t for _, texts in models for t in texts)):
            found.add(text)
            body = text.removeprefix("re:").strip("^$")
            found.update(body.split("*"))
            for filling in ("", "x", "-2026-04-23", "/"):
                found.add(body.replace("*", filling))
                found.add("acme/" + body.replace("*", filling))
    return sorted(found)


def test_the_index_answers_as_the_scan_for_every_name_of_the_market() -> None:
    names = shipped()
    tried = {name for probe in probes(names) for name in (probe, *model_candidates(probe))}
    for name in sorted(tried):
        assert list(names.by_pattern(name)) == plain_scan(names.patterns, name), name
    assert len(tried) > 10_000  # the whole market, not a sample


def test_whole_lookups_are_unchanged_on_names_of_the_market() -> None:
    names = shipped()
    expected = {
        "claude-opus-4-8-20260601": "claude-opus-4.8",
        "anthropic/claude-opus-4-8-20260601": "claude-opus-4.8",
        "gpt-5.5-2026-04-23": "gpt-5.5",
        "nobody-knows-this-model": None,
    }
    assert {name: names.resolve(name) for name in expected} == expected


ODD = (
    ("*claude*", "re:^(?:abc|x)"),
    (
        ("acme-model", ("ab*", "re:^ab?c$", "*zz*", "re:^a\\.?b")),
        ("acme-other", ("re:^a+b", "*b", "re:^ab{0,1}c", "re:c$", "a*b*c")),
    ),
)
ODD_PATTERNS: ProviderPatterns = (ODD, (("*b*",), (("plain", ("*b*", "re:^ab|zq")),)))


@pytest.mark.parametrize(
    "name",
    ["ac", "abc", "ab", "a.b", "ab\n", "aab", "b", "xabc", "claude-ac", "zz", "a", "c", "zq"],
)
def test_optional_characters_and_alternatives_are_not_taken_as_required(name: str) -> None:
    """Two providers own ``abc``: each one's models come first, in catalogue order."""
    assert list(Names({}, ODD_PATTERNS).by_pattern(name)) == plain_scan(ODD_PATTERNS, name)


def test_a_pattern_is_searched_only_where_the_name_may_match() -> None:
    index = PatternIndex(("gpt-5*", "*sonnet*", "re:^o[134]", "re:^claude-\\d+$"))
    assert index.matching("gpt-5.5") == [0]
    assert index.matching("o3") == [2]
    assert index.matching("claude-7") == [3]
    assert index.matching("anthropic/claude-sonnet") == [1]
    assert index.matching("gpt-4") == []


PIECES = ["a", "b", "c", ".", "-", "/", "\n", "*", "ab", "gpt", "claude", "5", "İ"]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join), max_size=6
    ),
    name=st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
)
def test_any_globs_answer_as_the_scan(texts: list[str], name: str) -> None:
    globs = tuple(t if "*" in t else t + "*" for t in texts)
    models = tuple((f"m{n}", (glob,)) for n, glob in enumerate(globs))
    patterns: ProviderPatterns = ((globs[:1], models), ((), models[::-1]))
    assert list(Names({}, patterns).by_pattern(name)) == plain_scan(patterns, name)


@settings(max_examples=200, deadline=None)
@given(
    regex=st.lists(
        st.sampled_from(["a", "b", "\\.", ".", "?", "*", "+", "{0,1}", "$", "-", "\\d"]),
        max_size=5,
    ).map(lambda parts: "^" + "".join(parts)),
    name=st.lists(st.sampled_from(["a", "b", ".", "-", "1", "\n"]), max_size=6).map("".join),
)
def test_any_anchored_regular_expressions_answer_as_the_scan(regex: str, name: str) -> None:
    try:
        re.compile(regex)
    except re.error:
        return
    patterns: ProviderPatterns = (((), (("m", ("re:" + regex,)),)),)
    assert list(Names({}, patterns).by_pattern(name)) == plain_scan(patterns, name)
