"""Traffic mixes: shares of one workload routed to different models, and what that saves.

A part with share s gets s x the workload's tokens a day, at its own input:output
split if it has one, else the workload's. The mix costs the sum of its parts.

The *premium* model of a mix is the one that would cost the most if it carried all
of the mix's traffic (each part keeping its own split); ties go to the part listed
first. The saving is that all-premium cost less the mix's cost, also as a share of
the all-premium cost (None when that is zero).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, localcontext
from typing import TYPE_CHECKING

from tokencost.catalogue import Catalogue, Model
from tokencost.engine.cost import daily_cost, period_costs, split_price
from tokencost.engine.results import MixCost, PartCost, PriceUsed
from tokencost.errors import InputError, NoPriceError, TokencostError
from tokencost.quantities import CONTEXT
from tokencost.workload import MONTHS_PER_YEAR, Workload

if TYPE_CHECKING:
    from tokencost.scenarios import Mix, MixPart


def part_workload(part: MixPart, workload: Workload) -> Workload:
    """The traffic a part carries: its share of the tokens, at its split or the workload's."""
    with localcontext(CONTEXT):
        tokens = workload.tokens_per_day * part.share
    return Workload(
        name=workload.name,
        tokens_per_day=tokens,
        split=part.split or workload.split,
        days_per_month=workload.days_per_month,
        split_label=part.split_label or workload.split_label,
    )


def price_mix(
    catalogue: Catalogue,
    mix: Mix,
    workload: Workload,
    *,
    as_of: date,
    source: str,
    premium: str | None = None,
) -> MixCost:
    """Price ``mix`` on ``workload`` with ``source``'s prices in effect on ``as_of``.

    ``premium`` (an id or alias of one of the mix's models) overrides the rule that the
    premium model is the one costing most for all of the mix's traffic.
    """
    models = [_model(catalogue, mix, part.model) for part in mix.parts]
    entries = {m.id: _entry(catalogue, mix, m, as_of, source) for m in models}
    parts = tuple(
        _part_cost(catalogue, m, part, workload, entries[m.id])
        for m, part in zip(models, mix.parts, strict=True)
    )
    with localcontext(CONTEXT):
        blended = sum((p.share * p.blended_price for p in parts), Decimal(0))
        daily = sum((p.daily_cost for p in parts), Decimal(0))
    if premium is None:
        rule = "the mix's most expensive model for all of its traffic"
        top = max(
            dict.fromkeys(m.id for m in models),
            key=lambda mid: _all_on(entries[mid], mix, workload, blended=True),
        )
    else:
        rule, top = "chosen", _model(catalogue, mix, premium).id
        if top not in entries:
            raise InputError(f"mix '{mix.name}': premium model {top} is not one of its parts")
    premium_daily = _all_on(entries[top], mix, workload, blended=False)
    monthly, yearly = period_costs(daily, workload)
    premium_monthly, premium_yearly = period_costs(premium_daily, workload)
    with localcontext(CONTEXT):
        saving = premium_daily - daily
        share = saving / premium_daily if premium_daily else None
        return MixCost(
            name=mix.name,
            parts=parts,
            blended_price=blended,
            daily_cost=daily,
            monthly_cost=monthly,
            yearly_cost=yearly,
            premium=top,
            premium_rule=rule,
            premium_daily_cost=premium_daily,
            premium_monthly_cost=premium_monthly,
            premium_yearly_cost=premium_yearly,
            saving_daily=saving,
            saving_monthly=premium_monthly - monthly,
            saving_yearly=(premium_monthly - monthly) * MONTHS_PER_YEAR,
            saving_share=share,
        )


def _model(catalogue: Catalogue, mix: Mix, name: str) -> Model:
    try:
        return catalogue.model(name)
    except TokencostError as exc:
        raise type(exc)(f"mix '{mix.name}': {exc}") from None


def _entry(catalogue: Catalogue, mix: Mix, model: Model, as_of: date, source: str) -> PriceUsed:
    try:
        return PriceUsed.of(catalogue.price_at(model.id, as_of, source))
    except NoPriceError as exc:
        raise NoPriceError(f"mix '{mix.name}': {exc}") from None


def _part_cost(
    catalogue: Catalogue, model: Model, part: MixPart, workload: Workload, price: PriceUsed
) -> PartCost:
    traffic = part_workload(part, workload)
    provider = catalogue.provider_of(model.id)
    daily = daily_cost(traffic, price.input, price.output)
    monthly, yearly = period_costs(daily, workload)
    return PartCost(
        model=model.id,
        name=model.name,
        provider=provider.provider,
        provider_name=provider.name,
        share=part.share,
        tokens_per_day=traffic.tokens_per_day,
        input_tokens_per_day=traffic.input_tokens_per_day,
        output_tokens_per_day=traffic.output_tokens_per_day,
        split_label=traffic.split_label,
        price=price,
        blended_price=split_price(traffic.split, price.input, price.output),
        daily_cost=daily,
        monthly_cost=monthly,
        yearly_cost=yearly,
    )


def _all_on(price: PriceUsed, mix: Mix, workload: Workload, *, blended: bool) -> Decimal:
    """All of the mix's traffic on one model: per 1M tokens (``blended``) or per day."""
    with localcontext(CONTEXT):
        if blended:
            return sum(
                (
                    p.share * split_price(p.split or workload.split, price.input, price.output)
                    for p in mix.parts
                ),
                Decimal(0),
            )
        return sum(
            (daily_cost(part_workload(p, workload), price.input, price.output) for p in mix.parts),
            Decimal(0),
        )
