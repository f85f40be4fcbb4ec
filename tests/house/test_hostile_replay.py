"""The hostile-names corpus (tests/hostile.py) through every format ``tokencost replay`` reads.

For each log format a log whose model names and project and session names are the
hostile names (tests/hostile.py :func:`hostile_log`), replayed in every output format,
alone and ``--by project`` / ``--by session`` where the format has them: exit 0 with
no traceback, each text face showing the names as text (:func:`check_output`), and the
JSON document carrying every name exactly.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import Run
from tests.hostile import FORMATS, LOGS, RAW, check_output, hostile_log

OUTPUTS = ("table", "json", "csv", "markdown")


def params() -> list[Any]:
    return [
        pytest.param(
            fmt,
            marks=pytest.mark.skipif(
                fmt == "parquet" and importlib.util.find_spec("pyarrow") is None,
                reason="Parquet logs need pyarrow (pip install 'tokencost[parquet]')",
            ),
        )
        for fmt in FORMATS
    ]


@pytest.mark.parametrize("fmt", params())
def test_hostile_names_in_every_replay_format_are_data(run: Run, tmp_path: Path, fmt: str) -> None:
    log = hostile_log(tmp_path / "log", fmt)
    base = ["replay", str(log.path), "--catalogue", str(LOGS / "catalogue")]
    base += ["--as-of", "2025-10-31", "--source", "list", "--jobs", "1"]
    for by in ("", *(by for by, names in log.labels.items() if names)):
        for output in OUTPUTS:
            args = [*base, "--format", output, *(["--by", by] if by else [])]
            result = run(*args)
            where = f"{fmt} {output} --by {by or '-'}"
            assert (result.code, "Traceback" in result.err) == (0, False), (where, result.err)
            assert RAW.search(result.err) is None, where
            check_output(output, result.out)
            if output == "json":
                document = json.loads(result.out)
                unpriced = {u["model"] for u in document["unpriced_traffic"]}
                assert log.models <= unpriced, (where, log.models - unpriced)
                if by:
                    keys = {g["key"] for g in document["groups"]}
                    assert log.labels[by] <= keys, (where, log.labels[by] - keys)
