"""How a workload's traffic is billed beyond its input and output tokens.

Optional profile keys (and ``compare`` flags), all shares between 0 and 1:

    cache_read_share = 0.6      # of the input tokens, read from the prompt cache
    cache_write_share = 0.1     # of the input tokens, written to the prompt cache
    cache_write_long = true     # writes use the provider's longer cache lifetime
    reasoning_share = 0.2       # of the output tokens, reasoning (thinking) tokens
    batch_share = 0.5           # of the traffic, sent through batch APIs
    off_peak_share = 0.3        # of the traffic, sent in off-peak hours ...
    off_peak_hours = "22:00-02:00"  # ... these hours (UTC); default: each model's own
    requests_per_day = 2000     # or prompt_tokens = 3750 (average input tokens a request)

Shares are *of* the workload's tokens, never on top: cache reads and writes are part
of the input tokens (so the two shares add up to 1 at most), reasoning tokens part of
the output tokens; batch and off-peak traffic are separate parts of the traffic (the
two shares add up to 1 at most: a batch API picks its own hour). A profile without
these keys is billed exactly as input and output tokens alone. Each dimension has one
name from the flag to the JSON key (docs/glossary.md).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, localcontext

from tokencost import hours
from tokencost.errors import InputError
from tokencost.quantities import CONTEXT, parse_quantity, parse_share, plain

ZERO = Decimal(0)


@dataclass(frozen=True)
class Traffic:
    """The pricing dimensions of a workload (all zero or absent: input and output only)."""

    cache_read_share: Decimal = ZERO
    """Share of input tokens read from the prompt cache."""
    cache_write_share: Decimal = ZERO
    """Share of input tokens written to the prompt cache."""
    cache_write_long: bool = False
    """Cache writes use the provider's longer lifetime (e.g. 1 hour) where it sells one."""
    reasoning_share: Decimal = ZERO
    """Share of output tokens that are reasoning tokens."""
    batch_share: Decimal = ZERO
    """Share of the traffic sent through batch APIs."""
    off_peak_share: Decimal = ZERO
    """Share of the traffic sent in off-peak hours."""
    off_peak_hours: hours.Span | None = None
    """The UTC hours of the off-peak traffic; None: each model's own off-peak windows."""
    requests_per_day: Decimal | None = None
    """Requests a day; None: derived from prompt_tokens, or unknown."""
    prompt_tokens: Decimal | None = None
    """Average input tokens per request; None: derived from requests_per_day, or unknown."""

    @property
    def used(self) -> bool:
        """True when any dimension is given (else the workload is input and output only)."""
        shares = (
            self.cache_read_share,
            self.cache_write_share,
            self.reasoning_share,
            self.batch_share,
            self.off_peak_share,
        )
        return (
            any(share > 0 for share in shares)
            or self.off_peak_hours is not None
            or self.requests_per_day is not None
            or self.prompt_tokens is not None
        )

    def requests(self, input_tokens: Decimal) -> Decimal | None:
        """Requests a day: as given, or input tokens / prompt_tokens; None when unknown."""
        if self.requests_per_day is not None:
            return self.requests_per_day
        if self.prompt_tokens is None:
            return None
        with localcontext(CONTEXT):
            return input_tokens / self.prompt_tokens

    def prompt(self, input_tokens: Decimal) -> Decimal | None:
        """Average input tokens per request: as given, or input tokens / requests a day.

        None when unknown. Requests without tokens have a prompt of 0; tokens without
        requests (requests_per_day = 0) are an InputError.
        """
        if self.prompt_tokens is not None:
            return self.prompt_tokens
        if self.requests_per_day is None:
            return None
        if self.requests_per_day == 0:
            if input_tokens == 0:
                return ZERO
            raise InputError(
                f"requests_per_day is 0 but the workload has {plain(input_tokens)} input "
                "tokens a day; give the number of requests those tokens are sent in"
            )
        with localcontext(CONTEXT):
            return input_tokens / self.requests_per_day

    def with_overrides(
        self,
        *,
        cache_reads: str | None = None,
        cache_writes: str | None = None,
        cache_write_long: bool | None = None,
        reasoning: str | None = None,
        batch: str | None = None,
        off_peak: str | None = None,
        off_peak_hours: str | None = None,
        requests_per_day: str | None = None,
        prompt_tokens: str | None = None,
    ) -> Traffic:
        """A copy with command-line values (``0.6``, ``60%``, ``2k``, ``22:00-02:00``) in
        place of the profile's; requests and prompt size replace each other."""
        if requests_per_day is not None and prompt_tokens is not None:
            raise InputError("give --requests-per-day or --prompt-tokens, not both")

        def share(text: str | None, flag: str, current: Decimal) -> Decimal:
            return current if text is None else parse_share(text, flag)

        result = replace(
            self,
            cache_read_share=share(cache_reads, "--cache-reads", self.cache_read_share),
            cache_write_share=share(cache_writes, "--cache-writes", self.cache_write_share),
            cache_write_long=(
                self.cache_write_long if cache_write_long is None else cache_write_long
            ),
            reasoning_share=share(reasoning, "--reasoning", self.reasoning_share),
            batch_share=share(batch, "--batch", self.batch_share),
            off_peak_share=share(off_peak, "--off-peak", self.off_peak_share),
        )
        if off_peak_hours is not None:
            try:
                span = hours.parse_span(off_peak_hours)
            except ValueError as exc:
                raise InputError(f"--off-peak-hours: {exc}") from None
            if off_peak is None and self.off_peak_share == 0:
                raise InputError(
                    "--off-peak-hours: give the share of traffic sent in those hours with "
                    "--off-peak, e.g. --off-peak 0.3"
                )
            result = replace(result, off_peak_hours=span)
        if requests_per_day is not None:
            count = parse_quantity(requests_per_day, "--requests-per-day")
            result = replace(result, requests_per_day=count, prompt_tokens=None)
        if prompt_tokens is not None:
            size = _positive(parse_quantity(prompt_tokens, "--prompt-tokens"), "--prompt-tokens")
            result = replace(result, prompt_tokens=size, requests_per_day=None)
        try:
            return check(result)
        except ValueError as exc:
            raise InputError(str(exc)) from None


NO_TRAFFIC = Traffic()
"""A workload of input and output tokens only."""


def _positive(value: Decimal, what: str) -> Decimal:
    if value <= 0:
        raise InputError(f"{what}: must be more than 0 (average input tokens per request)")
    return value


def check(traffic: Traffic) -> Traffic:
    """Shares of one whole add up to 1 at most (a ValueError says which)."""
    pairs = (
        ("cache_read_share", "cache_write_share", "of the input tokens"),
        ("batch_share", "off_peak_share", "of the traffic"),
    )
    for first, second, of in pairs:
        a, b = getattr(traffic, first), getattr(traffic, second)
        with localcontext(CONTEXT):
            too_much = a + b > 1
        if too_much:
            raise ValueError(
                f"{first} ({plain(a)}) + {second} ({plain(b)}) is more than all {of}; "
                "together they are 1 at most"
            )
    return traffic
