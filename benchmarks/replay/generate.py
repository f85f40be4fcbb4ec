"""Generate a realistic JSON Lines usage log: mixed providers, shapes, caches, dates.

    python -m benchmarks.replay.generate 1000000 /tmp/usage-1m.jsonl
    python -m benchmarks.replay.generate 10000 log.jsonl --models big,small --start 2026-02-15

Each line is one of (shares by default): an OpenAI Chat Completions response (35%),
an OpenAI Responses object (10%), an Anthropic message with a logged timestamp (30%),
a flat record (20%), a flat record with a millisecond timestamp (4%); 1% name a model
no catalogue has, and ``--bad`` (default 1 in 10,000) lines are broken (truncated
JSON, negative tokens, a missing model). Model names come as providers write them:
bare, with a provider prefix, or with a date suffix. Timestamps spread over
``--days`` days from ``--start``. The same seed gives the same file.

``--dimensions`` adds what the pricing dimensions bill (drawn from a second random
stream, so the records above are the same): 2% of prompts between 200k and 400k
tokens (over long-context tiers), Anthropic cache writes split into 5-minute and
1-hour ``cache_creation``, flat records marked ``"batch": true`` (20% of them), with
``+02:00`` / ``-05:00`` offsets or a date alone, and 2% of lines as OpenAI batch
output lines (``custom_id`` and ``response.body``).

:func:`records` gives each line with the row it makes in the usage table of
``tokencost replay --sql`` (the record's disjoint counts, its day and UTC time, as
replay reads them; None for a line replay skips before it knows a model), computed from
the values drawn rather than by reading the line back (a test checks both agree).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

DEFAULT_MODELS = ("gpt-5.5", "claude-opus-4.8", "deepseek-v4-pro", "llama-4-maverick")
UNKNOWN = "mystery-model-7b"


def spellings(model_id: str, rnd: random.Random) -> str:
    """The model id as a provider might write it."""
    choice = rnd.random()
    if choice < 0.4:
        return model_id
    if choice < 0.6:
        return f"provider/{model_id}"
    if choice < 0.8:
        return f"{model_id}-2026-04-23"
    return f"{model_id}-20260514"


Row = tuple[str | None, date | None, datetime | None, int, int, int, int, int, int, bool]
"""(model as written, day, the time it was sent in UTC to the minute (naive), uncached
input, cache read, cache write (5-minute), 1-hour cache write, output without reasoning,
reasoning, batch)."""


def lines(
    count: int,
    models: tuple[str, ...],
    start: date,
    days: int,
    seed: int,
    bad: float,
    dimensions: bool = False,
) -> Iterator[str]:
    """``count`` lines of JSON (no newline)."""
    return (line for line, _ in records(count, models, start, days, seed, bad, dimensions))


def utc(when: int) -> tuple[date, datetime]:
    """The UTC day and time (naive, to the minute) of a Unix time in seconds."""
    moment = datetime.fromtimestamp(when - when % 60, UTC).replace(tzinfo=None)
    return moment.date(), moment


def records(
    count: int,
    models: tuple[str, ...],
    start: date,
    days: int,
    seed: int,
    bad: float,
    dimensions: bool = False,
) -> Iterator[tuple[str, Row | None]]:
    """``count`` lines of JSON (no newline), each with its usage-table row."""
    rnd = random.Random(seed)
    more = random.Random(seed + 1)
    origin = datetime(start.year, start.month, start.day, tzinfo=UTC).timestamp()
    span = days * 86_400
    for index in range(count):
        when = int(origin + rnd.random() * span)
        prompt = rnd.randint(20, 30_000)
        if dimensions and more.random() < 0.02:
            prompt = more.randint(200_000, 400_000)
        cached = rnd.randint(0, prompt) if rnd.random() < 0.6 else 0
        output = rnd.randint(1, 4_000)
        reasoning = rnd.randint(0, output) if rnd.random() < 0.3 else 0
        write = rnd.randint(0, 2_000) if rnd.random() < 0.2 else 0
        model = UNKNOWN if rnd.random() < 0.01 else spellings(rnd.choice(models), rnd)
        shape = rnd.random()
        day, utc_time = utc(when)
        sent: datetime | None = utc_time
        if rnd.random() < bad:
            yield broken(index, model, prompt, output, rnd)
        elif dimensions and more.random() < 0.02:
            row = (model, day, sent, prompt - cached, cached, 0, 0, output, 0, True)
            yield (
                f'{{"id":"batch_req_{index}","custom_id":"task-{index}","response":'
                f'{{"status_code":200,"request_id":"req_{index}","body":{{"id":"chatcmpl-{index}",'
                f'"object":"chat.completion","created":{when},"model":"{model}","usage":'
                f'{{"prompt_tokens":{prompt},"completion_tokens":{output},'
                f'"prompt_tokens_details":{{"cached_tokens":{cached}}}}}}}}},"error":null}}',
                row,
            )
        elif shape < 0.45:
            row = (model, day, sent, prompt - cached, cached, 0, 0, output - reasoning,
                   reasoning, False)  # fmt: skip
            yield _openai(index, when, model, prompt, cached, output, reasoning, shape), row
        elif shape < 0.75:
            stamp = datetime.fromtimestamp(when, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            creation = ""
            hour = 0
            if dimensions and write:
                hour = more.randint(0, write)
                creation = (
                    f'"cache_creation":{{"ephemeral_5m_input_tokens":{write - hour},'
                    f'"ephemeral_1h_input_tokens":{hour}}},'
                )
            row = (model, day, sent, prompt - cached, cached, write - hour, hour, output, 0,
                   False)  # fmt: skip
            yield (
                f'{{"id":"msg_{index}","type":"message","role":"assistant","model":"{model}",'
                f'"content":[{{"type":"text","text":"Reply {index}"}}],"stop_reason":"end_turn",'
                f'"stop_sequence":null,"usage":{{"input_tokens":{prompt - cached},'
                f'"cache_creation_input_tokens":{write},"cache_read_input_tokens":{cached},'
                f'{creation}"output_tokens":{output}}},"timestamp":"{stamp}"}}',
                row,
            )
        elif shape < 0.96:
            stamp = datetime.fromtimestamp(when, UTC).isoformat()
            batch = ""
            flagged = False
            if dimensions:
                stamp, day, sent = local_stamp(when, more)
                flagged = more.random() < 0.2
                batch = ',"batch":true' if flagged else ""
            row = (model, day, sent, prompt - cached, cached, 0, 0, output - reasoning,
                   reasoning, flagged)  # fmt: skip
            yield (
                f'{{"timestamp":"{stamp}","model":"{model}","input_tokens":{prompt},'
                f'"cached_tokens":{cached},"output_tokens":{output},'
                f'"reasoning_tokens":{reasoning},"user":"u{index % 5000}"{batch}}}',
                row,
            )
        else:
            yield (
                f'{{"timestamp":{when * 1000 + index % 1000},"model":"{model}",'
                f'"input_tokens":{prompt},"output_tokens":{output}}}',
                (model, day, sent, prompt, 0, 0, 0, output, 0, False),
            )


def _openai(
    index: int, when: int, model: str, prompt: int, cached: int, output: int, reasoning: int,
    shape: float,
) -> str:  # fmt: skip
    """An OpenAI Chat Completions response (shape < 0.35) or Responses object."""
    if shape < 0.35:
        return (
            f'{{"id":"chatcmpl-{index}","object":"chat.completion","created":{when},'
            f'"model":"{model}","choices":[{{"index":0,"message":{{"role":"assistant",'
            f'"content":"Answer number {index}.","refusal":null}},"logprobs":null,'
            f'"finish_reason":"stop"}}],"usage":{{"prompt_tokens":{prompt},'
            f'"completion_tokens":{output},"total_tokens":{prompt + output},'
            f'"prompt_tokens_details":{{"cached_tokens":{cached},"audio_tokens":0}},'
            f'"completion_tokens_details":{{"reasoning_tokens":{reasoning},'
            f'"audio_tokens":0,"accepted_prediction_tokens":0,'
            f'"rejected_prediction_tokens":0}}}},"service_tier":"default",'
            f'"system_fingerprint":"fp_{index % 997:03d}"}}'
        )
    return (
        f'{{"id":"resp_{index}","object":"response","created_at":{when},'
        f'"status":"completed","model":"{model}","output":[{{"type":"message",'
        f'"role":"assistant","content":[{{"type":"output_text","text":"Done {index}"}}]}}],'
        f'"usage":{{"input_tokens":{prompt},"input_tokens_details":'
        f'{{"cached_tokens":{cached}}},"output_tokens":{output},'
        f'"output_tokens_details":{{"reasoning_tokens":{reasoning}}},'
        f'"total_tokens":{prompt + output}}}}}'
    )


def local_stamp(when: int, rnd: random.Random) -> tuple[str, date, datetime | None]:
    """The time in UTC, at +02:00 or -05:00, or its UTC date alone; with the day as
    written and the UTC time (None for a date alone)."""
    choice = rnd.random()
    moment = datetime.fromtimestamp(when, UTC)
    _, sent = utc(when)
    if choice < 0.05:
        return moment.date().isoformat(), moment.date(), None
    if choice < 0.4:
        return moment.isoformat(), moment.date(), sent
    hours = 2 if choice < 0.7 else -5
    local = moment.astimezone(timezone(timedelta(hours=hours)))
    return local.isoformat(), local.date(), sent


def broken(
    index: int, model: str, prompt: int, output: int, rnd: random.Random
) -> tuple[str, Row | None]:
    """A line tokencost must skip: truncated, negative, or without a model (the only one
    with a row: undated, model NULL)."""
    kind = rnd.randrange(3)
    if kind == 0:
        return f'{{"model":"{model}","usage":{{"prompt_tokens":{prompt},"completion_tok', None
    if kind == 1:
        return f'{{"model":"{model}","input_tokens":-{prompt},"output_tokens":{output}}}', None
    line = f'{{"id":"x{index}","input_tokens":{prompt},"output_tokens":{output}}}'
    return line, (None, None, None, prompt, 0, 0, 0, output, 0, False)


def write(
    path: str,
    count: int,
    models: tuple[str, ...],
    start: date,
    days: int,
    seed: int = 7,
    bad: float = 0.0001,
    dimensions: bool = False,
) -> None:
    """Write the log to ``path``."""
    with open(path, "w", encoding="utf-8") as out:
        batch: list[str] = []
        for line in lines(count, models, start, days, seed, bad, dimensions):
            batch.append(line)
            if len(batch) >= 10_000:
                out.write("\n".join(batch) + "\n")
                batch.clear()
        if batch:
            out.write("\n".join(batch) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("path")
    parser.add_argument("--models", default=",".join(DEFAULT_MODELS))
    parser.add_argument("--start", default="2026-06-01", type=date.fromisoformat)
    parser.add_argument("--days", default=30, type=int)
    parser.add_argument("--seed", default=7, type=int)
    parser.add_argument("--bad", default=0.0001, type=float, help="share of broken lines")
    parser.add_argument("--dimensions", action="store_true", help="tiers, batch, offsets ...")
    args = parser.parse_args()
    models = tuple(m.strip() for m in args.models.split(",") if m.strip())
    write(
        args.path, args.count, models, args.start, args.days, args.seed, args.bad, args.dimensions
    )


if __name__ == "__main__":
    main()
