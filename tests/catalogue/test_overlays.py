"""Overlays: your prices laid over the shipped catalogue (docs/overlays.md).

Which layers price a run (``--catalogue``, your data folder, the project's
tokencost.toml), what wins (an overlay entry for its model, source, host and date),
how every output names each layer with its digest, bad overlays (one line naming the
file and key, exit 2), and ``prices set`` refusing the installed catalogue and writing
overlays instead.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import REPO, Run, write
from tokencost.catalogue import load_catalogue
from tokencost.catalogue.layers import user_prices_path

JUNE = "2026-06-15"

OVERLAY_HEAD = """\
name = "acme contract"
updated = 2026-12-01

[sources.acme]
title = "Our contract with OpenAI"
"""

OVERLAY_OPENAI = """\
provider = "openai"
name = "OpenAI"

[[models]]
id = "gpt-5.5"
name = "GPT-5.5 (ours)"
context_window = 400000  # the shipped 1,000,000 stays

[[models.prices]]
effective = 2026-06-01
source = "article"
input = 2
output = 8

[[models.prices]]
effective = 2026-06-01
source = "acme"
input = 1
output = 4

[[models]]
id = "acme-gpt-1"
name = "Acme GPT 1"
aliases = ["openai/acme-gpt-1"]

[[models.prices]]
effective = 2024-05-13
source = "list"
input = 2.5
output = 10
"""


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    folder = tmp_path / "acme"
    write(folder / "overlay.toml", OVERLAY_HEAD)
    write(folder / "openai.toml", OVERLAY_OPENAI)
    return folder


def compare_json(run: Run, *args: str) -> dict[str, object]:
    result = run("compare", "--json", "--as-of", JUNE, *args)
    assert (result.code, result.err) == (0, ""), result.err
    doc: dict[str, object] = json.loads(result.out, parse_float=Decimal)
    return doc


def monthly(doc: dict[str, object]) -> dict[str, Decimal]:
    results = doc["results"]
    assert isinstance(results, list)
    return {row["model"]: row["monthly_cost"] for row in results}


# -- what wins ----------------------------------------------------------------------------


def test_an_overlay_entry_wins_for_its_model_source_and_date(run: Run, overlay: Path) -> None:
    shipped = monthly(compare_json(run))
    over = monthly(compare_json(run, "--catalogue", str(overlay)))
    # 7.5M input x $2 + 2.5M output x $8 a day, 30 days
    assert over["gpt-5.5"] == Decimal(1050)
    assert shipped["gpt-5.5"] == Decimal("1312.5")
    assert {k: v for k, v in over.items() if k != "gpt-5.5"} == {
        k: v for k, v in shipped.items() if k != "gpt-5.5"
    }


def test_the_entries_below_keep_their_dates(overlay: Path) -> None:
    catalogue = load_catalogue(overlay)
    model = catalogue.model("gpt-5.5")
    # the shipped list entry (2026-04-23) stays; the overlay adds acme's and replaces
    # the article's entry of 2026-06-01; the shipped name stays (it has one)
    assert [(e.source, str(e.effective), e.input) for e in model.prices] == [
        ("list", "2026-04-23", 5),
        ("article", "2026-06-01", 2),
        ("acme", "2026-06-01", 1),
        ("list", "2026-10-14", 5),  # the shipped list price with its batch price
    ]
    assert (model.name, model.context_window) == ("GPT-5.5", 1000000)


def test_an_overlay_adds_models_and_their_aliases(run: Run, overlay: Path) -> None:
    doc = compare_json(
        run, "--catalogue", str(overlay), "--models", "openai/acme-gpt-1", "--source", "list"
    )
    # 7.5M x $2.50 + 2.5M x $10 a day = $43.75, x 30
    assert monthly(doc) == {"acme-gpt-1": Decimal("1312.5")}


def test_a_source_the_overlay_declares_prices_its_models(run: Run, overlay: Path) -> None:
    doc = compare_json(run, "--catalogue", str(overlay), "--models", "gpt-5.5", "--source", "acme")
    assert monthly(doc) == {"gpt-5.5": Decimal(525)}


def test_a_later_overlay_wins_over_an_earlier_one(run: Run, overlay: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    write(second / "overlay.toml", 'name = "second"\n')
    write(
        second / "openai.toml",
        OVERLAY_OPENAI.split('[[models]]\nid = "acme-gpt-1"')[0].replace(
            "input = 2\n", "input = 3\n"
        ),
    )
    doc = compare_json(run, "--catalogue", str(overlay), "--catalogue", str(second))
    # $3 x 7.5M + $8 x 2.5M = $42.50 a day
    assert monthly(doc)["gpt-5.5"] == Decimal(1275)


# -- every output names each layer ----------------------------------------------------------


def test_json_lists_each_layer_with_its_digest(run: Run, overlay: Path) -> None:
    doc = compare_json(run, "--catalogue", str(overlay))
    shipped = load_catalogue(REPO / "prices")
    together = load_catalogue(overlay)
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    layers = catalogue.pop("layers")
    assert catalogue == {
        "name": "tokencost",
        "version": shipped.version,
        "digest": together.digest,
        "updated": shipped.manifest.updated.isoformat(),
    }
    assert together.digest != shipped.digest
    assert [
        (layer["kind"], layer["origin"], layer["name"], layer["digest"], layer["path"])
        for layer in layers
    ] == [
        ("catalogue", "shipped", "tokencost", shipped.digest, str(REPO / "prices")),
        ("overlay", "--catalogue", "acme contract", together.layers[1].digest, str(overlay)),
    ]
    assert layers[1]["updated"] == "2026-12-01"


def test_one_layer_keeps_the_catalogue_keys(run: Run) -> None:
    doc = compare_json(run)
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert catalogue["digest"] == catalogue["layers"][0]["digest"]
    assert len(catalogue["layers"]) == 1


def test_the_table_footer_names_each_layer(run: Run, overlay: Path) -> None:
    result = run("compare", "--as-of", JUNE, "--catalogue", str(overlay))
    together = load_catalogue(overlay)
    line = next(x for x in result.out.splitlines() if x.startswith("Catalogue: "))
    assert line == (
        f"Catalogue: tokencost {together.version} ({together.layers[0].digest[:19]}), updated "
        f"{together.manifest.updated}; overlay 'acme contract' at {overlay} (--catalogue, "
        f"{together.layers[1].digest[:19]}, updated 2026-12-01); together "
        f"{together.digest[:19]}."
    )


# -- where layers come from -------------------------------------------------------------------


def test_your_prices_and_the_project_overlay_apply_by_themselves(
    run: Run, overlay: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = user_prices_path()
    write(mine / "overlay.toml", 'name = "your prices"\n')
    write(
        mine / "openai.toml",
        OVERLAY_OPENAI.split('[[models.prices]]\neffective = 2026-06-01\nsource = "acme"')[
            0
        ].replace("input = 2\n", "input = 3\n"),
    )
    project = tmp_path / "project"
    write(project / "tokencost.toml", f'catalogue = "{overlay}"\n')
    monkeypatch.chdir(project)
    doc = compare_json(run)
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert [(x["origin"], x["name"]) for x in catalogue["layers"]] == [
        ("shipped", "tokencost"),
        ("your prices", "your prices"),
        ("project", "acme contract"),
    ]
    # the project's overlay lies over yours: its $2 input wins
    assert monthly(doc)["gpt-5.5"] == Decimal(1050)


@pytest.mark.parametrize(
    ("name", "text", "label"),
    [
        ("tokencost.toml", 'catalogue = "../acme"\n', "../../tokencost.toml"),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.tokencost]\ncatalogue = ["../acme"]\n',
            "../../pyproject.toml [tool.tokencost]",
        ),
    ],
    ids=["tokencost.toml", "pyproject.toml"],
)
def test_the_project_file_is_found_upwards_as_budget_files_are(
    run: Run,
    overlay: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    label: str,
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    write(repo / name, text.replace("../acme", str(overlay)))
    deep = repo / "src" / "app"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    doc = compare_json(run)
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert [x["origin"] for x in catalogue["layers"]] == ["shipped", "project"]
    assert monthly(doc)["gpt-5.5"] == Decimal(1050)
    # the folder is relative to the file, and messages name the file as found
    write(repo / name, text.replace("../acme", "nowhere"))
    result = run("compare")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"error: {label}: catalogue: ../../nowhere is not a folder; name an overlay folder "
        f"(one with overlay.toml, docs/overlays.md), relative to {label.split()[0]}\n",
    )
    # not above the repository's root
    (repo / ".git").rmdir()
    (repo / "src" / ".git").mkdir()
    catalogue = compare_json(run)["catalogue"]
    assert isinstance(catalogue, dict)
    assert [x["origin"] for x in catalogue["layers"]] == ["shipped"]


def test_a_whole_catalogue_given_first_replaces_the_shipped_one_and_yours(
    run: Run, tiny: Path
) -> None:
    write(user_prices_path() / "overlay.toml", 'name = "your prices"\n')
    doc = compare_json(run, "--catalogue", str(tiny), "--as-of", "2026-03-15")
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert [x["origin"] for x in catalogue["layers"]] == ["--catalogue"]


def test_the_environment_variable_takes_several_layers(
    run: Run, overlay: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOKENCOST_CATALOGUE", os.pathsep.join([str(REPO / "prices"), str(overlay)]))
    assert monthly(compare_json(run))["gpt-5.5"] == Decimal(1050)


# -- bad overlays: one line naming the file and the key, exit 2 -------------------------------


def bad(run: Run, overlay: Path) -> tuple[int, str, str]:
    result = run("compare", "--as-of", JUNE, "--catalogue", str(overlay))
    return result.code, result.out, result.err


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "input = 2\n",
            "inptu = 2\n",
            "openai.toml: models[0].prices[0].inptu: unknown key; did you mean 'input'?",
        ),
        (
            "input = 2.5\noutput = 10\n",
            "input = 2.5\noutput = 10\n\n[[models.prices]]\neffective = 2024-05-13\n"
            'source = "list"\ninput = 3\noutput = 10\n',
            "openai.toml: models[1].prices: two entries from source 'list' effective "
            "2024-05-13; keep one",
        ),
        (
            'id = "acme-gpt-1"',
            'id = "gpt-5.5"',
            "openai.toml: models[1].id: 'gpt-5.5' is also in {folder}/openai.toml of this "
            "overlay; give each model once (one table, its entries in date order)",
        ),
        (
            'source = "acme"',
            'source = "acmee"',
            "openai.toml: models[0].prices[1].source: unknown source 'acmee'; declare it under "
            "[sources.acmee] in overlay.toml (declared: article, list, genai-prices, "
            "litellm, acme)",
        ),
        (
            '"openai/acme-gpt-1"',
            '"gpt-5-5"',
            "openai.toml: models[1].aliases: 'gpt-5-5' already names model 'gpt-5.5'; remove it "
            "(ids and aliases must be unique across the layers)",
        ),
        (
            'id = "acme-gpt-1"',
            'id = "openai/gpt-5.5"',
            "openai.toml: models[1].id: String should match pattern '^[a-z0-9][a-z0-9._-]*$' "
            "(got 'openai/gpt-5.5')",
        ),
        (
            'provider = "openai"',
            'provider = "anthropic"',
            "openai.toml: models[0].id: 'gpt-5.5' is a model of provider 'openai' in a layer "
            "below; move it to that provider's file (openai.toml)",
        ),
        (
            'id = "gpt-5.5"',
            'id = "gpt-5-5"',
            "openai.toml: models[0].id: 'gpt-5-5' is another name of 'gpt-5.5' in a layer "
            'below; write id = "gpt-5.5"',
        ),
        (
            "input = 2.5\noutput = 10\n",
            "input = 2.5\noutput = 10\n\n[[models.prices]]\neffective = 2024-01-01\n"
            'source = "list"\ninput = 1\noutput = 1\n',
            "openai.toml: models[1].prices: entries must be in date order: 2024-01-01 comes "
            "after 2024-05-13; move it up",
        ),
    ],
    ids=[
        "misspelt key",
        "same entry twice (overlapping dates)",
        "same model twice",
        "undeclared source",
        "alias of another model",
        "bad id",
        "another provider",
        "an alias as id",
        "out of order",
    ],
)
def test_a_bad_provider_file_of_an_overlay(
    run: Run, overlay: Path, old: str, new: str, message: str
) -> None:
    path = overlay / "openai.toml"
    assert old in OVERLAY_OPENAI
    path.write_text(OVERLAY_OPENAI.replace(old, new, 1))
    message = message.format(folder=overlay)
    assert bad(run, overlay) == (2, "", f"error: invalid catalogue: {path.parent}/{message}\n")


def test_a_model_twice_in_an_overlay(run: Run, overlay: Path) -> None:
    write(overlay / "other.toml", OVERLAY_OPENAI.replace('provider = "openai"', 'provider = "x"'))
    assert bad(run, overlay) == (
        2,
        "",
        f"error: invalid catalogue: {overlay / 'other.toml'}: models[0].id: 'gpt-5.5' is also "
        f"in {overlay / 'openai.toml'} of this overlay; give each model once (one table, its "
        "entries in date order) (and 1 more)\n",
    )
    (overlay / "other.toml").write_text(OVERLAY_OPENAI)
    code, out, err = bad(run, overlay)
    assert (code, out) == (2, "")
    assert err == (
        f"error: invalid catalogue: {overlay / 'other.toml'}: provider: 'openai' is already "
        f"the provider of {overlay / 'openai.toml'}; give each provider one file\n"
    )


@pytest.mark.parametrize(
    ("head", "message"),
    [
        (
            'name = "x"\nversoin = "1"\n',
            "overlay.toml: versoin: unknown key; did you mean 'version'?",
        ),
        (
            "name = 'x'\n[sources.list]\ntitle = 'mine'\n",
            "overlay.toml: sources.list: already declared by a layer below ('Provider list "
            "prices'); cite it without declaring it, or give your source another id",
        ),
        (
            "name = 'x'\ndefault_source = 'nosuch'\n",
            "overlay.toml: default_source: 'nosuch' is not declared; declare it under "
            "[sources.nosuch] or use one of: article, list, genai-prices, litellm",
        ),
        ('name = "x\n', "overlay.toml: invalid TOML: "),
    ],
    ids=["misspelt key", "redeclared source", "undeclared default", "invalid TOML"],
)
def test_a_bad_overlay_head(run: Run, overlay: Path, head: str, message: str) -> None:
    (overlay / "overlay.toml").write_text(head)
    (overlay / "openai.toml").unlink()
    code, out, err = bad(run, overlay)
    assert (code, out) == (2, "")
    prefix = "" if "invalid TOML" in message else "invalid catalogue: "
    assert err.startswith(f"error: {prefix}{overlay}/{message}"), err
    assert err.count("\n") == 1


def test_a_folder_that_is_both_or_a_catalogue_given_second(
    run: Run, overlay: Path, tiny: Path
) -> None:
    result = run("compare", "--catalogue", str(overlay), "--catalogue", str(tiny))
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"error: --catalogue {tiny}: a catalogue (manifest.toml) can only be the first layer; "
        "give it first, or make it an overlay (overlay.toml, docs/overlays.md)\n",
    )
    write(overlay / "manifest.toml", "")
    result = run("compare", "--catalogue", str(overlay))
    assert (result.code, result.out, result.err) == (
        2,
        "",
        f"error: {overlay}: has both manifest.toml and overlay.toml; a folder is a catalogue "
        "or an overlay: remove one\n",
    )


def test_a_bad_project_file(run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "tokencost.toml", "catalogue = 3\n")
    result = run("compare")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        'error: tokencost.toml: catalogue: give an overlay folder ("prices") or a list of '
        "them, relative to this file\n",
    )
    write(tmp_path / "tokencost.toml", 'catalogue = "nowhere"\n')
    result = run("compare")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "error: tokencost.toml: catalogue: nowhere is not a folder; name an overlay folder (one "
        "with overlay.toml, docs/overlays.md), relative to tokencost.toml\n",
    )


def test_prices_validate_checks_an_overlay_over_the_layers_below(run: Run, overlay: Path) -> None:
    result = run("prices", "validate", str(overlay))
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[0] == f"Overlay {overlay} is valid"
    assert (
        "Valid: overlay.toml and 1 provider files, 2 models, 3 price entries from sources "
        "article, list, acme." in result.out
    )
    (overlay / "openai.toml").write_text(OVERLAY_OPENAI.replace('"openai/acme-gpt-1"', '"gpt-5-5"'))
    result = run("prices", "validate", str(overlay), "--json")
    assert result.code == 2
    doc = json.loads(result.out)
    assert doc["problems"] == [
        {
            "file": str(overlay / "openai.toml"),
            "key": "models[1].aliases",
            "message": "'gpt-5-5' already names model 'gpt-5.5'; remove it (ids and aliases "
            "must be unique across the layers)",
            "fix": "remove it (ids and aliases must be unique across the layers)",
        }
    ]


# -- prices set: never the installed catalogue -------------------------------------------------

SET = ["prices", "set", "gpt-5.5", "--input", "4", "--output", "24", "--source", "list"]


def test_set_without_a_catalogue_refuses_and_says_what_to_do(run: Run) -> None:
    before = {p: p.read_bytes() for p in (REPO / "prices").glob("*.toml")}
    result = run(*SET, "--effective", "2026-12-01")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: prices set: the catalogue shipped with tokencost is read-only; write your "
        f"prices to an overlay instead: add --catalogue {user_prices_path()} (your prices, "
        "laid over the shipped ones in every command; created if missing) or --catalogue "
        "FOLDER (e.g. a project's prices named in tokencost.toml); see docs/overlays.md\n"
    )
    assert {p: p.read_bytes() for p in (REPO / "prices").glob("*.toml")} == before


def test_set_refuses_the_catalogue_inside_an_installed_package(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tokencost.catalogue import writable
    from tokencost.catalogue.writable import target
    from tokencost.errors import InputError

    monkeypatch.setattr(writable, "installed_package_catalogue", lambda _: True)
    with pytest.raises(InputError, match=r"^prices set: the catalogue shipped with tokencost"):
        target([REPO / "prices"], "prices set")


def test_set_creates_your_overlay_and_every_command_then_uses_it(run: Run) -> None:
    mine = user_prices_path()
    result = run(*SET, "--effective", "2026-04-23", "--catalogue", str(mine), "--json")
    assert (result.code, result.err) == (0, "")
    assert sorted(p.name for p in mine.iterdir()) == ["openai.toml", "overlay.toml"]
    data = json.loads(result.out)
    # it replaces the shipped list entry of that date, keeping its cache price and tier
    assert (data["method"], data["kept"], data["replaced"]["input"]) == (
        "created",
        ["cache_read", "tiers"],
        5,
    )
    doc = compare_json(run, "--source", "list", "--models", "gpt-5.5")
    assert monthly(doc) == {"gpt-5.5": Decimal(2700)}  # (7.5M x $4 + 2.5M x $24) x 30
    catalogue = doc["catalogue"]
    assert isinstance(catalogue, dict)
    assert [x["origin"] for x in catalogue["layers"]] == ["shipped", "your prices"]
    # once in your overlay, the same entry again needs --replace
    again = run(*SET, "--effective", "2026-04-23", "--catalogue", str(mine), "--input", "3")
    assert (again.code, again.out) == (2, "")
    assert again.err.startswith("error: gpt-5.5 already has a price from source 'list'")


def test_set_adds_a_new_model_with_its_provider(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "ours"
    args = ["prices", "set", "acme-1", "--input", "1", "--output", "2", "--source", "list"]
    result = run(*args, "--effective", "2026-01-01", "--catalogue", str(folder))
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: unknown model 'acme-1'; to add a new model, give --provider (and --name)\n"
    )
    assert not folder.exists()
    result = run(
        *args,
        "--effective",
        "2026-01-01",
        "--catalogue",
        str(folder),
        "--provider",
        "acme",
        "--name",
        "Acme One",
    )
    assert result.code == 0, result.err
    assert (folder / "acme.toml").read_text() == (
        'provider = "acme"\nname = "acme"\n\n[[models]]\nid = "acme-1"\nname = "Acme One"\n\n'
        '[[models.prices]]\neffective = 2026-01-01\nsource = "list"\ninput = 1\noutput = 2\n'
    )
    doc = compare_json(run, "--catalogue", str(folder), "--models", "acme-1", "--source", "list")
    assert monthly(doc) == {"acme-1": Decimal("375")}  # (7.5 + 5) x 30
    # a second model of an existing provider is appended as text
    result = run(
        "prices",
        "set",
        "acme-gpt-1",
        "--input",
        "2.5",
        "--output",
        "10",
        "--source",
        "list",
        "--effective",
        "2024-05-13",
        "--catalogue",
        str(folder),
        "--provider",
        "openai",
    )
    assert (result.code, "How: a new provider file." in result.out) == (0, True)


def test_set_refuses_a_provider_that_contradicts_the_catalogue(run: Run, tmp_path: Path) -> None:
    result = run(*SET, "--catalogue", str(tmp_path / "o"), "--provider", "anthropic")
    assert (result.code, result.out, result.err) == (
        2,
        "",
        "error: --provider: gpt-5.5 is a model of 'openai', not 'anthropic'; leave --provider "
        "out for a model the catalogue has\n",
    )
