"""One grammar for quantities across flags and files, and bounds that keep them exact.

Regression tests of what a hostile-input run found accepted wrong: ``--growth 8``
projected 800% a month with exit 0 while ``--tolerance 5`` meant 5%; ``1e7`` tokens
was refused on the command line but taken from a profile, and half a token a day was
fine; a mistyped ``--host`` dropped the model; a price of 1E-50 passed validation and
then crashed ``compare``; 40 decimal places were rounded silently; a mix share of
1E-400 plus 1 counted as 100%; ``gap --step 0.0001%`` ran for a minute.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.helpers import Run, write
from tokencost.quantities import parse_tokens

FORTY_PLACES = "0." + "1" * 40


def test_growth_8_projected_800_percent_a_month(run: Run, tmp_path: Path) -> None:
    flag = run("project", "--growth", "8")
    assert (flag.code, flag.out) == (2, "")
    assert flag.err == (
        "error: --growth: 8 is more than 1; did you mean 8%? (a fraction is written 8%, -5% "
        "or 0.08)\n"
    )
    profile = write(tmp_path / "p.toml", 'name = "p"\n[projection]\nmonths = 3\ngrowth = 8\n')
    from_file = run("project", str(profile))
    assert from_file.code == 2
    assert "projection.growth: 8 is more than 1; did you mean 8%?" in from_file.err
    assert run("project", "--growth", "8%", "--json").code == 0
    assert (
        run("project", "--growth", "0.08", "--json").out
        == run("project", "--growth", "8%", "--json").out
    )


def test_tolerance_5_meant_5_percent_where_growth_8_meant_800(run: Run) -> None:
    bare = run("prices", "check", "--tolerance", "5")
    assert bare.code == 2
    assert "--tolerance: 5 is more than 1; did you mean 5%?" in bare.err
    percent = run("prices", "check", "--tolerance", "5%", "--json", "--as-of", "2026-11-29")
    fraction = run("prices", "check", "--tolerance", "0.05", "--json", "--as-of", "2026-11-29")
    assert percent.code in (0, 1)
    assert json.loads(percent.out)["tolerance_percent"] == 5
    assert percent.out == fraction.out


def test_tokens_per_day_1e7_was_refused_on_the_line_but_read_from_a_profile(
    run: Run, tmp_path: Path
) -> None:
    profile = write(tmp_path / "p.toml", 'name = "default"\ntokens_per_day = 1e7\nratio = "3:1"\n')
    flags = [run("compare", "--tokens-per-day", form, "--json") for form in ("1e7", "10M")]
    flags.append(run("compare", "--tokens-per-day", "10_000_000", "--json"))
    from_file = run("compare", str(profile), "--json")
    assert [r.code for r in (*flags, from_file)] == [0, 0, 0, 0]
    totals = {json.loads(r.out)["workload"]["tokens_per_day"] for r in (*flags, from_file)}
    assert totals == {10_000_000}


@pytest.mark.parametrize("tokens", ["0.5", "1.0000001M", "2.5e-1"])
def test_half_a_token_a_day_was_accepted(run: Run, tmp_path: Path, tokens: str) -> None:
    flag = run("compare", "--tokens-per-day", tokens)
    assert (flag.code, flag.out) == (2, "")
    assert "is not a whole number of tokens" in flag.err
    profile = write(tmp_path / "p.toml", f'name = "p"\ntokens_per_day = "{tokens}"\n')
    assert "is not a whole number of tokens" in run("compare", str(profile)).err


def test_tokens_beyond_a_quadrillion_a_day_are_refused(run: Run) -> None:
    assert run("compare", "--tokens-per-day", "1000T", "--json").code == 0
    over = run("compare", "--tokens-per-day", "1001T")
    assert over.err == (
        "error: --tokens-per-day: 1001000000000000 is more than the largest allowed, "
        "1000000000000000\n"
    )


def test_a_mistyped_host_silently_dropped_the_model(run: Run) -> None:
    result = run("compare", "--source", "list", "--host", "grok", "--as-of", "2026-06-15")
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(
        "error: --host: unknown host 'grok'; did you mean 'groq'? (hosts in this catalogue: "
    )
    assert run("models", "--host", "grok").code == 2


def test_a_price_of_1e_50_passed_validate_then_compare_exited_3(run: Run, tiny: Path) -> None:
    acme = tiny / "acme.toml"
    acme.write_text(acme.read_text().replace("input = 0.04", "input = 1e-50"))
    checked = run("prices", "validate", str(tiny))
    assert checked.code == 2
    assert "1E-50 has more than 18 decimal places, more than tokencost can carry exactly" in (
        checked.out
    )
    compared = run("compare", "--catalogue", str(tiny), "--as-of", "2026-06-01")
    assert (compared.code, compared.out) == (2, "")
    assert "input: 1E-50 has more than 18 decimal places" in compared.err


def test_40_decimal_places_were_rounded_silently(run: Run, tiny: Path) -> None:
    acme = tiny / "acme.toml"
    acme.write_text(acme.read_text().replace("input = 0.04", f"input = {FORTY_PLACES}"))
    assert run("compare", "--catalogue", str(tiny), "--as-of", "2026-06-01").code == 2
    (tiny / "acme.toml").write_text(acme.read_text().replace(FORTY_PLACES, "0.04"))
    price = run(
        "prices",
        "set",
        "small",
        "--catalogue",
        str(tiny),
        "--input",
        FORTY_PLACES,
        "--output",
        "1",
        "--effective",
        "2026-07-01",
        "--source",
        "book",
    )
    assert (price.code, price.out) == (2, "")
    assert "--input: 0.1111111111111111...111111111111111111 (42 characters) has more than 18" in (
        price.err
    )
    share = run("compare", "--input-share", "0." + "3" * 40)
    assert share.code == 2
    assert "has more than 12 decimal places" in share.err


def test_a_mix_share_of_1e_400_plus_1_counted_as_100_percent(
    run: Run, tiny: Path, tmp_path: Path
) -> None:
    flag = run(
        "compare", "--catalogue", str(tiny), "--as-of", "2026-06-01", "--mix", "big:1,small:1e-400"
    )
    assert (flag.code, flag.out) == (2, "")
    assert "--mix share of small: 1e-400 has more than 12 decimal places" in flag.err
    profile = write(
        tmp_path / "p.toml",
        'name = "p"\n[[mix]]\nparts = [{model = "big", share = 1}, '
        '{model = "small", share = 1e-400}]\n',
    )
    from_file = run("compare", str(profile), "--catalogue", str(tiny), "--as-of", "2026-06-01")
    assert from_file.code == 2
    assert "mix[0].parts[1].share: 1E-400 has more than 12 decimal places" in from_file.err


def test_gap_step_0_0001_percent_took_a_minute_and_4_gb(run: Run) -> None:
    started = time.monotonic()
    result = run("gap", "gpt-5.5", "deepseek-v4-pro", "--step", "0.0001%")
    assert time.monotonic() - started < 10
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "error: --step: 0.0001% would sweep over 1,001 rows; the finest step is 0.1% "
        "(e.g. 10%, 1% or 0.1%)\n"
    )
    finest = run("gap", "gpt-5.5", "deepseek-v4-pro", "--step", "0.1%", "--json")
    assert finest.code == 0
    assert len(json.loads(finest.out)["sources"][0]["curve"]) == 1001


def test_a_token_count_with_a_suffix_stays_a_plain_whole_number() -> None:
    """``20M`` read as 2.0E+7 made the library's monthly cost 2.40E+3, not 2400.00."""
    assert [str(parse_tokens(t)) for t in ("20M", "1e7", "1.5M", "10_000_000")] == [
        "20000000",
        "10000000",
        "1500000",
        "10000000",
    ]
