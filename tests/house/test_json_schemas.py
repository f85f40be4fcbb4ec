"""Every JSON document a command prints is valid against its JSON Schema in docs/schemas/.

The runs below produce each command's document, and every optional part of it (mixes,
projections, breakdowns, flags, tiers, hosts, unpriced models, problems ...). The
schemas forbid keys they do not declare and require those always present, so a key
added, removed or renamed in an output fails here until its schema (and the page that
documents it) says so. A last test checks the other way: every key a schema declares
is met in some run, so no part of a schema goes untested.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import shlex
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import REPO, TINY_MANIFEST
from tokencost.cli import main

jsonschema_rs = pytest.importorskip("jsonschema_rs", reason="jsonschema-rs is in the test extra")
referencing = pytest.importorskip("referencing", reason="installed with jsonschema")

SCHEMAS = REPO / "docs" / "schemas"
EXAMPLES = REPO / "examples"
JUNE = "2026-06-15"
LIST_DAY = "2026-08-21"

Case = tuple[str, list[str], tuple[int, ...]]

CASES = """
compare                       0   compare --as-of {june}
compare-free-baseline         0   compare -b glm-5-flash --as-of {june}
compare-unpriced              0   compare --as-of 2026-05-15
compare-mix-projection        0   compare {mix} --months 3 --growth 8%
compare-price-change          0   compare --months 3 --as-of 2026-04-15
compare-breakdown             0   compare {w}/cached-agent.toml --source list --breakdown
compare-tier                  0   compare --source list -t 101M -r 100:1 --prompt-tokens 300k
                                  --breakdown
compare-batch                 0   compare {w}/batch-classification.toml --source list
                                  --host aws-bedrock
compare-off-peak              0   compare --catalogue {tmp}/night --cache-reads 0.5 --off-peak 0.4
                                  --off-peak-hours 22:00-02:00 --breakdown --requests-per-day 1000
compare-profile-tables        0   compare {w}/tiered-support.toml --as-of {june}
models                        0   models --as-of {june}
models-unpriced               0   models --as-of 2026-04-15
models-hosts                  0   models --source list
gap                           0   gap gpt-5.5 deepseek-v4-pro --range 70:100 --as-of {june}
gap-nowhere                   0   gap gpt-5.5 glm-5-flash --range 2:3
route                         0   route claude-opus-4.8 deepseek-v4-pro --step 25%
route-ratios                  0   route gpt-5.5 glm-5-flash --premium-ratio 1:1
route-traffic                 0   route gpt-5.5 deepseek-v4-pro {w}/cached-agent.toml
project                       0   project {mix} --months 3 --growth 8% --as-of {june}
project-price-change          0   project --months 3 --as-of 2026-04-15
project-profile               0   project {w}/tiered-support.toml --as-of {june}
project-traffic               0   project {w}/cached-agent.toml --months 2
selfhost                      0   selfhost {gpus} -t 120M
selfhost-profile              0   selfhost {w}/tiered-support.toml --as-of {june}
selfhost-traffic              0   selfhost {w}/cached-agent.toml {gpus} --as-of 2026-05-15
replay                        0   replay {logs}/june.jsonl --as-of 2026-06-30
replay-by-day                 0   replay {logs}/usage.csv --by day --breakdown
                                  --map day=timestamp,tokens_in=input_tokens
                                  --map tokens_out=output_tokens --map cached=cached_tokens
replay-dimensions             0   replay {logs}/agents.jsonl --source list --breakdown --by model
replay-off-peak               0   replay {logs}/night.jsonl --catalogue {tmp}/night
replay-claude-code            0   replay {logs}/claude-code --source list --by session
                                  --since 2026-08-04
replay-usage-report           0   replay {data}/anthropic-usage-report.json --by week
                                  --catalogue {data}/catalogue --as-of 2025-10-31
check                         0   check {ci}/tokencost.toml --as-of {june}
check-over                    1   check {tmp}/over.toml --as-of {june}
diff-profiles                 1   diff {w}/chat-assistant.toml {ci}/chat-assistant-pr.toml
                                  --fail-above 10% --as-of {june}
diff-budgets                  0,1 diff {ci}/tokencost.toml {tmp}/over.toml --as-of {june}
diff-unpriced                 0   diff {w}/chat-assistant.toml {ci}/chat-assistant-pr.toml
                                  --as-of 2026-05-15
diff-traffic                  0   diff {w}/cached-agent.toml {tmp}/cached-more.toml --as-of {june}
prices-list                   0   prices list
prices-list-dimensions        0   prices list --catalogue {tmp}/full --as-of 2026-01-05
prices-list-batch             0   prices list --catalogue {tmp}/full --as-of 2026-01-10
prices-show                   0   prices show gpt-5.5
prices-show-hosts             0   prices show llama-4-maverick
prices-show-dimensions        0   prices show all --catalogue {tmp}/full
prices-history                0   prices history deepseek-v4-pro
prices-history-dimensions     0   prices history all --catalogue {tmp}/full
prices-diff-dates             0   prices diff --from 2026-04-15 --to {june}
prices-diff-sources           0   prices diff --to-source list --all
prices-diff-folders           0   prices diff {tmp}/article {tmp}/edited
prices-check                  1   prices check
prices-check-tolerance        0   prices check --tolerance 6000%
prices-validate               0   prices validate {tmp}/article
prices-validate-invalid       2   prices validate {tmp}/broken
prices-set                    0   prices set gpt-5.5 --input 4 --output 24 --effective 2026-12-01
                                  --source list --cache-read 0.4 --catalogue {tmp}/edited
prices-import-litellm         0   prices import --from litellm {files}/litellm-excerpt.json
                                  --effective 2025-09-05 --into {tmp}/litellm
prices-import-genai           0   prices import --from genai-prices
                                  {files}/genai-prices-excerpt.json
                                  --effective {day} --into {tmp}/genai
prices-import-clashes         0   prices import --from litellm {tmp}/clash.json
                                  --effective {day} --into {tmp}/clash
prices-import-provider-fields 0   prices import --from genai-prices {tmp}/provider.json
                                  --effective {day} --into {tmp}/provider
prices-update                 0   prices update {files}/genai-prices-excerpt.json --effective {day}
                                  --into {tmp}/update
prices-update-changes         0   prices update {tmp}/changes.json --dry-run
prices-export                 0   prices export --format json
prices-export-as-of           0   prices export --format json --as-of {june}
prices-export-dimensions      0   prices export --format json --catalogue {tmp}/full
"""
"""One run a line (or more, indented): its name, the exit codes accepted, its arguments.
Without --as-of a run prices on TOKENCOST_TODAY, set to a day the list prices hold."""


def _cases(tmp: Path) -> list[Case]:
    """(name, arguments, exit codes accepted) of each run, paths filled in."""
    paths = {
        "w": EXAMPLES / "workloads",
        "ci": EXAMPLES / "ci",
        "logs": EXAMPLES / "logs",
        "files": EXAMPLES / "prices",
        "data": REPO / "tests" / "data" / "logs",
        "tmp": tmp,
    }
    values = {name: shlex.quote(str(path)) for name, path in paths.items()}
    values |= {
        "june": JUNE,
        "day": LIST_DAY,
        "mix": "--mix claude-opus-4.8:10%@1:1,deepseek-v4-pro:90%",
        "gpus": "--gpu-hourly 3.5 --gpus 8 --tokens-per-second 2500 --utilization 60%",
    }
    lines = re.sub(r"\n +", " ", CASES.strip()).splitlines()
    cases = []
    for line in lines:
        name, codes, args = line.split(maxsplit=2)
        exits = tuple(int(code) for code in codes.split(","))
        cases.append((name, shlex.split(args.format(**values)), exits))
    return cases


FULL_PROVIDER = """\
provider = "acme"
name = "Acme"

[[models]]
id = "all"
name = "Every dimension"
architecture = "dense"
weights = "closed"
country = "US"

[[models.prices]]
effective = 2026-01-01
source = "book"
input = 4
output = 12
cache_read = 0.4
cache_write = 5
cache_write_minutes = 5
cache_write_long = 8
cache_write_long_minutes = 60
reasoning = 16
batch_discount = 0.5
per_1k_requests = 2

[[models.prices.tiers]]
above = 200_000
input = 8
output = 24
cache_read = 0.8
cache_write = 10
cache_write_long = 16

[[models.prices.off_peak]]
days = ["sat", "sun"]
start = "22:00"
end = "06:00"
zone = "Europe/Paris"
input = 2
output = 6
cache_read = 0.2
cache_write = 2.5

[[models.prices]]
effective = 2026-01-10
source = "book"
input = 3
output = 12
batch_input = 1.5
batch_output = 6
batch_cache_read = 0.15
batch_cache_write = 2.5
"""


def _setup(tmp: Path, article: Path) -> None:
    """The files the runs read: an imported catalogue with off-peak windows, a catalogue
    whose entries have every pricing dimension, copies of the article's catalogue (the
    shipped entries of its models: the whole market's documents, without its cost) to
    validate, compare, edit and a broken one, budget files and profiles with pricing dimensions,
    price files to import whose ids and aliases clash and whose provider has a field
    tokencost does not model."""
    genai = str(EXAMPLES / "prices" / "genai-prices-excerpt.json")
    _run(
        [
            "prices",
            "import",
            "--from",
            "genai-prices",
            genai,
            "--effective",
            LIST_DAY,
            "--into",
            str(tmp / "night"),
        ]
    )
    for name in ("article", "edited", "broken"):
        shutil.copytree(article, tmp / name)
    openai = tmp / "broken" / "openai.toml"
    openai.write_text(openai.read_text().replace("input = 2.5", "input = -2.5", 1) + "\nzzz = 1\n")
    (tmp / "full").mkdir()
    (tmp / "full" / "manifest.toml").write_text(TINY_MANIFEST)
    (tmp / "full" / "acme.toml").write_text(FULL_PROVIDER)
    shutil.copytree(EXAMPLES / "workloads", tmp / "workloads")
    cached = (EXAMPLES / "workloads" / "cached-agent.toml").read_text()
    (tmp / "cached-more.toml").write_text(cached.replace("80_000_000", "90_000_000"))
    litellm = {
        "litellm_provider": "acme",
        "input_cost_per_token": 1e-06,
        "output_cost_per_token": 2e-06,
    }
    (tmp / "clash.json").write_text(json.dumps({"acme/m1": litellm, "ACME/M1": litellm}))
    (tmp / "provider.json").write_text(
        json.dumps(
            [
                {
                    "id": "acme",
                    "name": "Acme",
                    "api_pattern": "https://acme.example/v1",
                    "models": [
                        {
                            "id": "m1",
                            "match": {"equals": "m1"},
                            "prices": {"input_mtok": 1, "output_mtok": 2},
                        }
                    ],
                }
            ]
        )
    )
    changes = [
        {
            "id": "openai",
            "name": "OpenAI",
            "models": [{"id": "gpt-5.5", "prices": {"input_mtok": 4, "output_mtok": 30}}],
        },
        {
            "id": "groq",
            "name": "Groq",
            "models": [
                {"id": "llama-4-maverick", "prices": {"input_mtok": 0.25, "output_mtok": 0.6}}
            ],
        },
    ]
    (tmp / "changes.json").write_text(json.dumps(changes))
    (tmp / "over.toml").write_text(
        '[[budgets]]\nname = "support chat"\nworkload = "workloads/chat-assistant.toml"\n'
        'model = "claude-opus-4.8"\nmonthly_limit = 3000\nmax_ratio = 100\n\n'
        '[[budgets]]\nname = "new team"\nmodel = "gpt-5.5"\nmonthly_limit = 10\nwarn_at = 0.5\n'
        '[budgets.workload]\ntokens_per_day = "1M"\nratio = "1:0"\n\n'
        '[[budgets]]\nname = "cached"\nmodel = "llama-4-maverick"\nmonthly_limit = 1000\n'
        '[budgets.workload]\ntokens_per_day = "10M"\nratio = "3:1"\ncache_read_share = 0.5\n'
    )


def _run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def documents(
    tmp_path_factory: pytest.TempPathFactory, session_cache: Path, article_prices: Path
) -> dict[str, dict[str, Any]]:
    """Each case's JSON document, from runs of the real CLI in this process (with the
    run's cache: the shipped catalogue validated once)."""
    tmp = tmp_path_factory.mktemp("json-schemas")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TOKENCOST_CACHE_DIR", str(session_cache))
        env.setenv("TOKENCOST_TODAY", LIST_DAY)
        for name in ("TOKENCOST_CATALOGUE", "TOKENCOST_NO_CACHE", "TOKENCOST_DEBUG"):
            env.delenv(name, raising=False)
        _setup(tmp, article_prices)
        found = {}
        for name, args, codes in _cases(tmp):
            json_flag = [] if args[:2] == ["prices", "export"] else ["--json"]
            code, out, err = _run([*args, *json_flag])
            assert code in codes, f"{name}: exit {code}: {err}"
            found[name] = json.loads(out, parse_float=Decimal)
    return found


def _registry() -> Any:
    resources = [
        (path.name, referencing.Resource.from_contents(json.loads(path.read_text())))
        for path in SCHEMAS.glob("*.schema.json")
    ]
    return referencing.Registry().with_resources(resources)


def schema_file(name: str) -> Path:
    """``tokencost.prices.list/1`` -> docs/schemas/prices.list.schema.json."""
    return SCHEMAS / (name.removeprefix("tokencost.").split("/")[0] + ".schema.json")


CASE_NAMES = [name for name, _, _ in _cases(Path("/nonexistent"))]


@functools.cache
def _validator(name: str) -> Any:
    """A compiled validator of a schema, its ``$ref``s to the other schemas resolved once
    and formats (dates) checked: the whole market's export has some 86,000 ``$ref``s to
    follow, 10 s of CPU in the pure-Python jsonschema, 0.05 s here."""
    registry = jsonschema_rs.Registry(
        [(path.name, json.loads(path.read_text())) for path in SCHEMAS.glob("*.schema.json")]
    )
    schema = json.loads(schema_file(name).read_text())
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_the_document_is_valid_against_its_schema(
    documents: dict[str, dict[str, Any]], case: str
) -> None:
    doc = documents[case]
    schema = json.loads(schema_file(doc["schema"]).read_text())
    assert schema["properties"]["schema"]["const"] == doc["schema"]
    problems = [
        f"{'/'.join(map(str, e.instance_path))}: {e.message}"
        for e in _validator(doc["schema"]).iter_errors(doc)
    ]
    assert problems == []


def test_the_schemas_are_valid_schemas() -> None:
    for path in SCHEMAS.glob("*.schema.json"):
        jsonschema_rs.meta.validate(json.loads(path.read_text()))


def test_every_command_with_json_output_has_a_run_and_a_schema(
    documents: dict[str, dict[str, Any]],
) -> None:
    from tests.cliref import command_paths, reference

    references = {path: reference(path) for path in command_paths()}  # each made once
    with_json = {
        path.removeprefix("tokencost ")
        for path, text in references.items()
        if "`--json`" in text or "`csv`, `json`, `sql`" in text
    }
    run = {
        " ".join(name.split("-")[:2]) if name.startswith("prices") else name.split("-")[0]
        for name in documents
    }
    assert with_json == run
    names = {doc["schema"] for doc in documents.values()}
    assert {schema_file(name).name for name in names} | {"common.schema.json"} == {
        path.name for path in SCHEMAS.glob("*.schema.json")
    }


def _declared(schema: Any, at: str, registry: Any) -> Iterator[str]:
    """The paths of every property a schema declares (``*`` for array items)."""
    if not isinstance(schema, dict):
        return
    if "$ref" in schema:
        yield from _declared(registry.resolver().lookup(schema["$ref"]).contents, at, registry)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            yield from _declared(sub, at, registry)
    for name, sub in schema.get("properties", {}).items():
        yield f"{at}/{name}"
        yield from _declared(sub, f"{at}/{name}", registry)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _declared(schema["additionalProperties"], f"{at}/*", registry)
    if isinstance(schema.get("items"), dict):
        yield from _declared(schema["items"], f"{at}/*", registry)


def _present(document: Any, declared: set[str]) -> set[str]:
    """The paths of every key present in a document (map keys not declared count as
    ``*``), walked with a stack of its own: nested generators passed each of the whole
    market's hundreds of thousands of keys up through every level."""
    found = set()
    stack = [(document, "")]
    while stack:
        value, at = stack.pop()
        if isinstance(value, dict):
            for key, sub in value.items():
                path = f"{at}/{key}" if f"{at}/{key}" in declared else f"{at}/*"
                found.add(path)
                stack.append((sub, path))
        elif isinstance(value, list):
            stack += [(item, f"{at}/*") for item in value]
    return found


def test_every_key_a_schema_declares_is_met_in_some_document(
    documents: dict[str, dict[str, Any]],
) -> None:
    registry = _registry()
    unmet = {}
    for path in SCHEMAS.glob("*.schema.json"):
        if path.name == "common.schema.json":
            continue
        schema = json.loads(path.read_text())
        declared = set(_declared(schema, "", registry))
        present: set[str] = set()
        for doc in documents.values():
            if schema_file(doc["schema"]) == path:
                present |= _present(doc, declared)
        if declared - present:
            unmet[path.name] = sorted(declared - present)
    assert unmet == {}
