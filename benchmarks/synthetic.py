"""A catalogue of the whole market, for speed measurements while the shipped one is small.

    python -m benchmarks.synthetic /tmp/market-catalogue [genai-prices data.json]

It takes the shipped catalogue (the article's five, their list prices) and lays over it
what ``tokencost prices update`` makes of a genai-prices data file (default: the
shared 0.2.3 file, 2,330 models), with the project's own importer and update planning,
then writes the merge as one catalogue folder (manifest.toml and a file per provider),
as the shipped catalogue will be once it holds the market. Run by hand; the folder
must not exist.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

SHARED_FILE = Path("/work/shared/data/genai-prices-0.2.3-data.json")
DAY = date(2026, 11, 1)


def build(into: Path, data_file: Path = SHARED_FILE) -> int:
    """Write the merged catalogue to ``into``; return its number of models."""
    import tomli_w

    from tokencost.catalogue import load_catalogue, packaged_catalogue_path
    from tokencost.catalogue.importers import convert
    from tokencost.catalogue.importers.common import write_folder
    from tokencost.catalogue.layers import LayerSpec
    from tokencost.catalogue.load import lay_over
    from tokencost.catalogue.tomltext import provider_toml
    from tokencost.catalogue.update import overlay_files, plan_update

    base = load_catalogue([packaged_catalogue_path()])
    data = json.loads(data_file.read_bytes(), parse_float=Decimal)
    converted = convert(
        "genai-prices", data, label=data_file.name, folder=into, effective=DAY, checked=DAY
    )
    assert converted.catalogue is not None
    plan = plan_update(base, base, converted.catalogue, via="genai-prices-update", day=DAY)
    fetched = {
        "location": str(data_file),
        "format": "genai-prices",
        "sha256": "sha256:" + "0" * 64,
        "day": DAY,
    }
    texts = overlay_files(
        plan, fetched, title="genai-prices", url="https://github.com/pydantic/genai-prices"
    )
    spec = LayerSpec(into, "overlay", "--catalogue")
    merged = lay_over(base, [(spec, {into / name: text.encode() for name, text in texts.items()})])
    files = {"manifest.toml": tomli_w.dumps(_plain(asdict(merged.manifest)))}
    for pfile in merged.providers:
        files[f"{pfile.provider}.toml"] = provider_toml(_plain(asdict(pfile)))
    write_folder(into, files)
    return sum(len(p.models) for p in merged.providers)


def _plain(value: Any) -> Any:
    """Dataclass data as TOML data: None left out, tuples as lists, whole Decimals as ints."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None and v != ()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    return value


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    source = Path(sys.argv[2]) if len(sys.argv) == 3 else SHARED_FILE
    count = build(Path(sys.argv[1]), source)
    print(f"{count} models in {sys.argv[1]}")
