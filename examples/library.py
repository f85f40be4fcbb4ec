"""tokencost as a library: the same engine, catalogue and workloads the CLI uses.

python examples/library.py
"""

from datetime import date

from tokencost import Workload, compare, load_catalogue

catalogue = load_catalogue()  # the packaged catalogue (or $TOKENCOST_CATALOGUE)
workload = Workload.build(tokens_per_day="10M", ratio="3:1", name="support-bot")
result = compare(
    catalogue,
    workload,
    as_of=date(2026, 6, 15),
    models=["gpt-5.5", "deepseek-v4-pro"],
)
for row in result.results:  # exact Decimals: round only when showing them to people
    print(f"{row.model}: {row.monthly_cost} USD a month, {row.ratio}x {result.baseline}")
print(f"catalogue {result.catalogue.version}, prices of {result.as_of}, source {result.source.id}")
