"""tokencost as a library: one call each to price a request, compare models, replay usage.

python examples/library.py
"""

from datetime import date

import tokencost

# One request: exact Decimals (USD), with the cost by pricing dimension.
cost = tokencost.price(
    "openai/gpt-5.5-2026-04-23",  # resolved as replay resolves a log's names
    input_tokens=12_000,
    cache_read_tokens=8_000,  # part of the input tokens
    output_tokens=900,
    when=date(2026, 6, 15),
    source="list",
)
print(f"{cost.model}: {cost.total} {cost.currency} = {cost.breakdown.parts()}")

# A workload on two models, with the ratio to the cheaper one.
result = tokencost.compare(
    tokens_per_day="10M", ratio="3:1", models=["gpt-5.5", "deepseek-v4-pro"], when="2026-06-15"
)
for row in result.results:  # round only when showing them to people
    print(f"{row.model}: {row.monthly_cost} a month, {row.ratio}x {result.baseline}")

# Usage records already in memory (e.g. API responses), priced as recorded and on others.
records = [
    {"model": "gpt-5.5", "usage": {"prompt_tokens": 1200, "completion_tokens": 300}},
    {"model": "claude-opus-4-8-20260514", "usage": {"input_tokens": 500, "output_tokens": 80}},
]
replayed = tokencost.replay(records, when="2026-06-15", models=["deepseek-v4-pro"])
print(f"actual {replayed.actual_cost}; on deepseek-v4-pro {replayed.candidates[0].cost}")
