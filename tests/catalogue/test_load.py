from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, TINY_ACME, write
from tokencost import cache
from tokencost.catalogue import load_catalogue, packaged_catalogue_path
from tokencost.errors import CatalogueError, InputError, NoPriceError, UnknownModelError

PRICES = REPO / "prices"


# -- the shipped catalogue -------------------------------------------------------------


def test_packaged_catalogue_is_the_repository_prices_folder() -> None:
    assert packaged_catalogue_path().resolve() == PRICES.resolve()


def test_every_file_in_prices_validates() -> None:
    catalogue = load_catalogue(PRICES)
    files = {p.name for p in PRICES.glob("*.toml")}
    assert files >= {"anthropic.toml", "deepseek.toml", "manifest.toml", "meta.toml",
                     "openai.toml", "zhipu.toml"}  # fmt: skip
    assert len(files) == len(catalogue.providers) + 1  # the manifest
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", catalogue.digest)
    assert re.fullmatch(r"\d{4}\.\d{2}\.\d+", catalogue.version)
    assert catalogue.manifest.currency == "USD"
    assert catalogue.default_source == "article"


def test_the_articles_five_models_with_exact_ids() -> None:
    models = load_catalogue(PRICES).models()
    ids = sorted(m.id for m in models if any(e.source == "article" for e in m.prices))
    assert ids == [
        "claude-opus-4.8",
        "deepseek-v4-pro",
        "glm-5-flash",
        "gpt-5.5",
        "llama-4-maverick",
    ]


@pytest.mark.parametrize(
    ("model", "input_price", "output_price"),
    [
        ("gpt-5.5", "2.50", "10.00"),
        ("claude-opus-4.8", "3.00", "15.00"),
        ("llama-4-maverick", "2.00", "6.00"),
        ("deepseek-v4-pro", "0.035", "0.07"),
        ("glm-5-flash", "0", "0"),
    ],
)
def test_article_table_prices_in_june_2026(model: str, input_price: str, output_price: str) -> None:
    entry = load_catalogue(PRICES).price_at(model, date(2026, 6, 15), "article")
    assert (entry.input, entry.output) == (Decimal(input_price), Decimal(output_price))
    assert entry.source == "article"


def test_deepseek_before_the_may_cut_is_four_times_the_cut_price_and_marked_derived() -> None:
    catalogue = load_catalogue(PRICES)
    before = catalogue.price_at("deepseek-v4-pro", date(2026, 4, 30))
    after = catalogue.price_at("deepseek-v4-pro", date(2026, 5, 1))
    assert (before.input, before.output) == (Decimal("0.14"), Decimal("0.28"))
    assert (before.input, before.output) == (after.input * 4, after.output * 4)
    assert before.derived is not None and "75%" in before.derived
    assert before.note is not None and "no day" in before.note
    assert after.derived is None
    assert after.note is not None and "no exact day" in after.note


def test_model_facts_from_the_article() -> None:
    catalogue = load_catalogue(PRICES)
    maverick = catalogue.model("llama-4-maverick")
    assert (maverick.architecture, maverick.weights, maverick.country) == ("moe", "open", "US")
    assert (maverick.parameters_total_b, maverick.parameters_active_b) == (400, 17)
    assert maverick.licence == "Llama Community"
    deepseek = catalogue.model("deepseek-v4-pro")
    assert (deepseek.parameters_total_b, deepseek.parameters_active_b) == (671, 37)
    assert (deepseek.licence, deepseek.country) == ("MIT", "CN")
    assert catalogue.model("gpt-5.5").weights == "closed"
    assert catalogue.model("glm-5-flash").architecture == "dense"


# -- lookups ----------------------------------------------------------------------------


def test_aliases_resolve_case_insensitively(tiny: Path) -> None:
    catalogue = load_catalogue(tiny)
    assert catalogue.model("ACME/Big").id == "big"
    assert catalogue.model(" small ").id == "small"


def test_unknown_model_suggests_the_nearest(tiny: Path) -> None:
    with pytest.raises(UnknownModelError, match=r"unknown model 'bgi'; did you mean 'big'\?"):
        load_catalogue(tiny).model("bgi")
    with pytest.raises(UnknownModelError, match="known models: big, small, free"):
        load_catalogue(tiny).model("zzzzzz")


def test_a_price_applies_from_its_effective_date_until_the_next(tiny: Path) -> None:
    catalogue = load_catalogue(tiny)
    assert catalogue.price_at("big", date(2026, 1, 1)).input == 4
    assert catalogue.price_at("big", date(2026, 2, 28)).input == 4
    assert catalogue.price_at("big", date(2026, 3, 1)).input == 2
    assert catalogue.price_at("big", date(2030, 1, 1)).input == 2


def test_sources_stand_side_by_side(tiny: Path) -> None:
    catalogue = load_catalogue(tiny)
    assert catalogue.price_at("big", date(2026, 3, 5), "list").input == 5
    assert catalogue.price_at("big", date(2026, 3, 5), "book").input == 2


def test_before_the_first_price_is_an_error_naming_the_first_date(tiny: Path) -> None:
    with pytest.raises(NoPriceError) as info:
        load_catalogue(tiny).price_at("free", date(2026, 1, 31))
    assert str(info.value) == (
        "free has no price from source 'book' on 2026-01-31; its first is effective "
        "2026-02-01 (use --as-of 2026-02-01 or later)"
    )


def test_a_model_without_that_source(tiny: Path) -> None:
    expected = "small has no price from source 'list' (it has: book)"
    with pytest.raises(NoPriceError, match=re.escape(expected)):
        load_catalogue(tiny).price_at("small", date(2026, 6, 1), "list")


def test_unknown_source(tiny: Path) -> None:
    with pytest.raises(InputError, match=re.escape("unknown source 'lsit'; did you mean 'list'?")):
        load_catalogue(tiny).source("lsit")


# -- validation errors name the file, the key path and the fix ---------------------------


def broken(tiny: Path, old: str, new: str, file: str = "acme.toml") -> str:
    path = tiny / file
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tiny)
    return str(info.value)


def test_unknown_key_names_file_path_and_nearest_key(tiny: Path) -> None:
    message = broken(tiny, "input = 4\n", "inptu = 4\n")
    assert message.startswith(f"invalid catalogue: {tiny / 'acme.toml'}: models[0].prices[0].inptu")
    assert "unknown key; did you mean 'input'?" in message


def test_unknown_key_in_a_source_table(tiny: Path) -> None:
    message = broken(tiny, 'title = "A price book"', 'title = "A"\nurll = "x"', "manifest.toml")
    assert "manifest.toml: sources.book.urll: unknown key; did you mean 'url'?" in message


def test_negative_price(tiny: Path) -> None:
    message = broken(tiny, "output = 12\n", "output = -12\n")
    assert "models[0].prices[0].output: Input should be greater than or equal to 0" in message


def test_missing_key(tiny: Path) -> None:
    # architecture, weights and country became optional (an imported model may not
    # know them); name is still required
    message = broken(tiny, 'name = "Small"\n', "")
    assert "models[1].name: missing required key 'name'" in message


def test_bad_model_id(tiny: Path) -> None:
    message = broken(tiny, 'id = "big"', 'id = "Big Model"')
    assert "models[0].id: String should match pattern" in message


def test_entries_out_of_date_order(tiny: Path) -> None:
    message = broken(tiny, "effective = 2026-03-01", "effective = 2025-12-01")
    assert (
        "models[0].prices: entries must be in date order: 2025-12-01 comes after 2026-01-01"
    ) in message


def test_duplicate_entry_for_the_same_source_and_date(tiny: Path) -> None:
    message = broken(tiny, 'source = "list"', 'source = "book"')
    assert "two entries from source 'book' effective 2026-01-01; keep one" in message


def test_undeclared_source(tiny: Path) -> None:
    message = broken(tiny, 'source = "list"', 'source = "blog"')
    assert (
        "models[0].prices[1].source: unknown source 'blog'; declare it under [sources.blog]"
    ) in message


def test_ids_and_aliases_unique_across_files(tiny: Path) -> None:
    (tiny / "other.toml").write_text(
        TINY_ACME.replace('provider = "acme"', 'provider = "other"')
        .replace('id = "big"', 'id = "big2"')
        .replace('aliases = ["acme/big"]', 'aliases = ["ACME/Big"]')
    )
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tiny)
    assert "models[0]: 'ACME/Big' is already used by model 'big'" in str(info.value)
    assert len(info.value.problems) > 1  # every problem is listed, not only the first


def test_invalid_toml(tiny: Path) -> None:
    message = broken(tiny, "output = 12\n", "output = = 12\n")
    assert message.startswith(f"{tiny / 'acme.toml'}: invalid TOML: ")
    assert "line" in message


def test_wrong_currency_and_version(tiny: Path) -> None:
    message = broken(tiny, 'currency = "USD"', 'currency = "EUR"', "manifest.toml")
    assert "manifest.toml: currency: Input should be 'USD'" in message


def test_default_source_must_be_declared(tiny: Path) -> None:
    message = broken(tiny, 'default_source = "book"', 'default_source = "web"', "manifest.toml")
    assert "default_source: 'web' is not declared" in message


def test_missing_folder_and_manifest(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="is not a folder"):
        load_catalogue(tmp_path / "nope")
    with pytest.raises(CatalogueError, match=r"has no manifest\.toml"):
        load_catalogue(tmp_path)


def test_a_manifest_path_points_at_its_folder(tiny: Path) -> None:
    assert load_catalogue(tiny / "manifest.toml").path == tiny


# -- digest -----------------------------------------------------------------------------


def test_digest_ignores_layout_and_changes_with_data(tiny: Path) -> None:
    first = load_catalogue(tiny).digest
    acme = tiny / "acme.toml"
    acme.write_text("# a comment\n" + TINY_ACME.replace("input = 4\n", "input   =   4.00\n"))
    assert load_catalogue(tiny).digest == first
    acme.write_text(TINY_ACME.replace("input = 4\n", "input = 4.01\n"))
    assert load_catalogue(tiny).digest != first


# -- cache ------------------------------------------------------------------------------


def test_a_cached_catalogue_skips_validation(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_catalogue(tiny)
    import tokencost.cache as cache
    import tokencost.catalogue.load as load

    def refuse(*_: object) -> None:
        raise AssertionError("validated again")

    monkeypatch.setattr(load, "build_catalogue", refuse)
    assert load_catalogue(tiny) is first  # in this process: the value it read last
    monkeypatch.setattr(cache, "_SEEN", {})  # as another process: the entry on disk
    again = load_catalogue(tiny)
    assert again == first
    assert again is not first


def test_an_edited_file_is_validated_again(tiny: Path) -> None:
    load_catalogue(tiny)
    acme = tiny / "acme.toml"
    acme.write_text(TINY_ACME.replace("input = 4\n", "input = -4\n"))
    with pytest.raises(CatalogueError, match="greater than or equal to 0"):
        load_catalogue(tiny)


def test_an_edit_to_the_validation_code_is_a_cache_miss(
    tiny: Path, tmp_path: Path, fresh_cache: Path
) -> None:
    """The cache key covers every source file of the package, listed by nobody: a copy of
    tokencost whose validation.py reads every price twice as high prints the new price
    on its next run, not the cached one (the runs share one cache folder; real processes:
    the digest of the code is made once a process). The code is keyed by each file's
    status here (``RECENT = 0``), as for any edit made more than a few seconds after
    the last: the copy is seconds old, and its files' keys would otherwise change from
    their bytes to their status between runs as the clock passes (a second edit within
    one clock tick: tests/house/test_cache.py)."""
    copy = tmp_path / "copy" / "tokencost"
    shutil.copytree(REPO / "src" / "tokencost", copy, ignore=shutil.ignore_patterns("__pycache__"))
    probe = (
        "import sys; import tokencost.cache; tokencost.cache.RECENT = 0; "
        "from tokencost.catalogue import load_catalogue; "
        "print(load_catalogue(sys.argv[1]).model('small').prices[0].input)"
    )
    env = {**os.environ, "PYTHONPATH": str(copy.parent)}

    def price() -> str:
        done = subprocess.run(
            [sys.executable, "-c", probe, str(tiny)], env=env, capture_output=True, text=True
        )
        assert (done.returncode, done.stderr) == (0, "")
        return done.stdout.strip()

    entries = fresh_cache
    assert price() == "0.04"
    (first,) = entries.glob("catalogue-*")
    assert (price(), [entry.name for entry in entries.glob("catalogue-*")]) == (
        "0.04",
        [first.name],
    )  # the same code in another process: the same key
    validation = copy / "validation.py"
    exact = "= Decimal(text)"
    assert exact in validation.read_text()
    validation.write_text(validation.read_text().replace(exact, "= Decimal(text) * 2"))
    assert price() == "0.08"
    assert [entry.name for entry in entries.glob("catalogue-*")] != [first.name]


def test_the_cache_key_names_the_pydantic_release(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another pydantic (found first on sys.path) is another key, read without importing it."""
    monkeypatch.setattr(cache, "_CODE", [])
    ours = cache.code_digest()
    other = write(tmp_path / "pydantic" / "version.py", 'VERSION = "2.99.0"\n')
    monkeypatch.syspath_prepend(str(other.parent.parent))
    monkeypatch.setattr(cache, "_CODE", [])
    assert cache.code_digest() != ours


def test_a_damaged_cache_entry_is_rebuilt(tiny: Path, fresh_cache: Path) -> None:
    first = load_catalogue(tiny)
    entries = list(fresh_cache.glob("catalogue-*"))
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    assert load_catalogue(tiny) == first


def test_no_cache_and_unwritable_cache(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(tiny / "acme.toml" / "not-a-dir"))
    assert load_catalogue(tiny).version == "2026.01.0"
    cache = tiny.parent / "cache"
    monkeypatch.setenv("TOKENCOST_CACHE_DIR", str(cache))
    monkeypatch.setenv("TOKENCOST_NO_CACHE", "1")
    assert load_catalogue(tiny).version == "2026.01.0"
    assert not cache.exists()


def test_env_var_points_at_another_catalogue(tiny: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKENCOST_CATALOGUE", str(tiny))
    assert load_catalogue().manifest.name == "tiny"


def test_write_helper_dedents(tmp_path: Path) -> None:
    assert write(tmp_path / "x.txt", "  a\n  b\n").read_text() == "a\nb\n"
