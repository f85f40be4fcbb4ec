"""Several sources, hosts and provenance in the catalogue; its version and CHANGELOG."""

from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, TINY_ACME
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.tomltext import has_comments, splice_entry
from tokencost.engine.prices.browse import percent_change
from tokencost.errors import CatalogueError, InputError, NoPriceError
from tokencost.quantities import CONTEXT

PRICES = REPO / "prices"
LIST_PRICES = {  # the first list price of each (the article's models' dates)
    ("gpt-5.5", None): ("5", "30", "2026-04-23"),
    ("claude-opus-4.8", None): ("5", "25", "2026-06-01"),
    ("deepseek-v4-pro", None): ("0.435", "0.87", "2026-05-01"),
    ("llama-4-maverick", "together"): ("0.27", "0.85", "2025-09-05"),
    ("llama-4-maverick", "groq"): ("0.20", "0.60", "2025-09-05"),
    ("llama-4-maverick", "fireworks"): ("0.22", "0.88", "2025-09-05"),
    ("llama-4-maverick", "aws-bedrock"): ("0.24", "0.97", "2025-09-05"),
}


@pytest.mark.parametrize(("key", "expected"), LIST_PRICES.items())
def test_list_prices_of_the_articles_models(
    key: tuple[str, str | None], expected: tuple[str, str, str]
) -> None:
    model, host = key
    day = date.fromisoformat(expected[2])
    entry = load_catalogue(PRICES).price_at(model, day, "list", host)
    assert (entry.input, entry.output) == (Decimal(expected[0]), Decimal(expected[1]))
    assert entry.effective.isoformat() == expected[2]
    assert entry.host == host


def test_deepseek_list_price_starts_with_the_cut() -> None:
    """The launch price before the May 2026 cut had no source a reader can follow."""
    catalogue = load_catalogue(PRICES)
    with pytest.raises(NoPriceError, match="its first is effective 2026-05-01"):
        catalogue.price_at("deepseek-v4-pro", date(2026, 4, 15), "list")
    cut = catalogue.price_at("deepseek-v4-pro", date(2026, 5, 1), "list")
    article = catalogue.price_at("deepseek-v4-pro", date(2026, 5, 1), "article")
    assert (cut.input, cut.output, cut.via) == (Decimal("0.435"), Decimal("0.87"), "genai-prices")
    assert (article.input * 4, article.output * 4) == (Decimal("0.14"), Decimal("0.28"))


def test_glm_5_flash_has_no_list_price() -> None:
    with pytest.raises(NoPriceError, match=r"glm-5-flash has no price from source 'list'"):
        load_catalogue(PRICES).price_at("glm-5-flash", date(2026, 11, 29), "list")
    assert "GLM-5-Flash has no list price" in (load_catalogue(PRICES).source("list").note or "")


def test_every_list_price_says_where_it_came_from() -> None:
    catalogue = load_catalogue(PRICES)
    for model in catalogue.models():
        for entry in model.prices:
            if entry.source != "list":
                continue
            assert entry.via in catalogue.manifest.sources
            assert entry.checked is None  # neither tracker states a day it checked a price
            if catalogue.provider_of(model.id).provider == "alibaba":  # only LiteLLM has it
                assert entry.via == "litellm"
                assert f"LiteLLM 1.110.2, key dashscope/{model.name}" in (entry.note or "")
            url = "https://github.com/pydantic/genai-prices"
            if entry.via == "litellm":
                url = "https://github.com/BerriAI/litellm"
            assert catalogue.source(entry.via).url == url


def test_the_default_source_is_still_the_article() -> None:
    assert load_catalogue(PRICES).default_source == "article"


# -- hosts and via: validation rules ------------------------------------------------------

HOSTED = TINY_ACME.replace(
    """[[models.prices]]
effective = 2026-01-01
source = "list"
input = 5
output = 15
""",
    """[[models.prices]]
effective = 2026-01-01
source = "list"
host = "groq"
input = 5
output = 15

[[models.prices]]
effective = 2026-01-01
source = "list"
host = "together"
input = 6
output = 16
via = "book"
checked = 2026-01-02
""",
)


def hosted(tiny: Path, text: str) -> Path:
    (tiny / "acme.toml").write_text(text)
    return tiny


def test_a_source_priced_only_through_hosts_needs_a_default_host(tiny: Path) -> None:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(hosted(tiny, HOSTED))
    missing = "models[0].default_host: missing; source 'list' prices big only through hosts"
    assert f"{missing} (groq, together)" in str(info.value)


def test_hosts_and_the_default_host(tiny: Path) -> None:
    text = HOSTED.replace(
        'aliases = ["acme/big"]', 'aliases = ["acme/big"]\ndefault_host = "together"'
    )
    catalogue = load_catalogue(hosted(tiny, text))
    on = date(2026, 1, 15)
    assert catalogue.price_at("big", on, "list").input == 6  # the default host
    assert catalogue.price_at("big", on, "list", "groq").input == 5
    assert catalogue.price_at("big", on, "book", "groq").input == 4  # book has no hosts
    assert catalogue.hosts("big") == ("groq", "together")
    with pytest.raises(
        InputError, match=r"unknown host 'nope' \(hosts in this catalogue: groq, together\)"
    ):
        catalogue.price_at("big", on, "list", "nope")  # a mistyped --host dropped the model


def test_a_default_host_without_entries(tiny: Path) -> None:
    text = HOSTED.replace(
        'aliases = ["acme/big"]', 'aliases = ["acme/big"]\ndefault_host = "fireworks"'
    )
    with pytest.raises(CatalogueError, match=r"default_host: 'fireworks' has no price entry"):
        load_catalogue(hosted(tiny, text))


def test_two_entries_for_the_same_source_host_and_date(tiny: Path) -> None:
    text = HOSTED.replace('host = "together"', 'host = "groq"')
    with pytest.raises(
        CatalogueError,
        match="two entries from source 'list' at host 'groq' effective 2026-01-01; keep one",
    ):
        load_catalogue(hosted(tiny, text))


def test_via_must_be_declared(tiny: Path) -> None:
    text = HOSTED.replace('via = "book"', 'via = "tracker"').replace(
        'aliases = ["acme/big"]', 'aliases = ["acme/big"]\ndefault_host = "groq"'
    )
    with pytest.raises(CatalogueError, match=r"prices\[2\]\.via: unknown source 'tracker'"):
        load_catalogue(hosted(tiny, text))


def test_optional_fields_added_later_do_not_change_the_digest(tiny: Path) -> None:
    before = load_catalogue(tiny).digest
    (tiny / "acme.toml").write_text(TINY_ACME.replace('id = "small"', 'id = "small"\nnote = "x"'))
    assert load_catalogue(tiny).digest != before  # data changed
    (tiny / "acme.toml").write_text(TINY_ACME)
    assert load_catalogue(tiny).digest == before


# -- version and CHANGELOG -----------------------------------------------------------------


def test_the_changelog_names_the_current_version_and_digest() -> None:
    """Changing the data without a new version and CHANGELOG entry fails here."""
    catalogue = load_catalogue(PRICES)
    text = (PRICES / "CHANGELOG.md").read_text()
    heading = re.search(r"^## (\S+) \((\d{4}-\d{2}-\d{2})\)$", text, re.M)
    assert heading is not None
    assert heading.group(1) == catalogue.version, (
        "bump the version in manifest.toml and CHANGELOG.md"
    )
    assert heading.group(2) == catalogue.manifest.updated.isoformat()
    digest = re.search(r"^Digest: `(sha256:[0-9a-f]{64})`$", text[heading.end() :], re.M)
    assert digest is not None and digest.group(1) == catalogue.digest, (
        "the data changed: bump the version and add a CHANGELOG entry with the new digest"
    )


def test_the_version_is_the_month_of_the_last_change() -> None:
    manifest = load_catalogue(PRICES).manifest
    assert manifest.version.startswith(f"{manifest.updated:%Y.%m}.")


def test_the_manifest_comment_points_at_the_rule() -> None:
    assert "CHANGELOG.md" in (PRICES / "manifest.toml").read_text()
    assert tomllib.loads((PRICES / "manifest.toml").read_text())["version"] == "2026.11.6"


# -- laws ----------------------------------------------------------------------------------

prices = st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False)


@given(prices, prices)
def test_a_percent_change_applied_gives_the_new_price(old: Decimal, new: Decimal) -> None:
    change = percent_change(old, new)
    if old == 0:
        assert change == (0 if new == 0 else None)
    else:
        assert change is not None
        with localcontext(CONTEXT):
            assert abs(old * (1 + change / 100) - new) < Decimal("1e-30")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)), min_size=1, max_size=6
    ),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 1, 1)),
)
def test_splicing_keeps_comments_and_date_order(existing: list[date], new: date) -> None:
    """Whatever the dates, a spliced entry lands in date order and no comment is lost."""
    days = sorted(set(existing))
    blocks = "".join(
        f"# entry {i}\n[[models.prices]]\neffective = {d}\n"
        f'source = "s{i}"\ninput = 1\noutput = 2\n\n'
        for i, d in enumerate(days)
    )
    head = '# top\nprovider = "p"\nname = "P"\n\n[[models]]\nid = "m"  # the model\nname = "M"\n\n'
    text = head + blocks
    block = f'[[models.prices]]\neffective = {new}\nsource = "new"\ninput = 3\noutput = 4\n'
    position = sum(1 for d in days if d <= new)
    out = splice_entry(text, 0, block, position, replace=False, old_count=len(days))
    assert out is not None
    data = tomllib.loads(out)
    dates = [p["effective"] for p in data["models"][0]["prices"]]
    assert dates == sorted(dates)
    assert [p["source"] for p in data["models"][0]["prices"]].count("new") == 1
    assert out.count("#") == text.count("#")
    assert has_comments(out)
    # nothing else changed: taking the inserted text out gives the file back
    assert text in (out.replace(block + "\n", "", 1), out.replace("\n" + block, "", 1))
