"""Rules that span the files of a catalogue: unique ids and aliases, declared sources,
default hosts. Checked once every file is valid on its own (a cache miss only).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tokencost.catalogue.schema import Manifest, Model, ProviderFile


def cross_file_problems(manifest: Manifest, files: Mapping[str, ProviderFile]) -> Iterator[str]:
    """Yield ``file: key.path: problem`` for rules that span files.

    Unique provider ids, unique model ids and aliases (case-insensitive; an alias may
    not be another model's id), every price entry's source and via declared in the
    manifest, the manifest's default source declared, and a default host for every
    source that prices a model only through hosts.
    """
    if manifest.default_source not in manifest.sources:
        yield (
            f"manifest.toml: default_source: '{manifest.default_source}' is not declared; "
            f"add [sources.{manifest.default_source}] or use one of: "
            f"{', '.join(manifest.sources)}"
        )
    fallback = manifest.fallback_source
    if fallback is not None and fallback not in manifest.sources:
        yield (
            f"manifest.toml: fallback_source: '{fallback}' is not declared; add "
            f"[sources.{fallback}] or use one of: {', '.join(manifest.sources)}"
        )
    providers: dict[str, str] = {}
    names: dict[str, str] = {}
    for file_name, pfile in files.items():
        if pfile.provider in providers:
            yield (
                f"{file_name}: provider: '{pfile.provider}' is already the provider of "
                f"{providers[pfile.provider]}; give each provider one file"
            )
        providers[pfile.provider] = file_name
        for m_index, model in enumerate(pfile.models):
            where = f"{file_name}: models[{m_index}]"
            for name in (model.id, *model.aliases):
                key = name.lower()
                if key in names:
                    yield (
                        f"{where}: '{name}' is already used by {names[key]}; "
                        "ids and aliases must be unique"
                    )
                else:
                    names[key] = f"model '{model.id}' ({file_name})"
            for p_index, entry in enumerate(model.prices):
                for key in ("source", "via"):
                    sid = getattr(entry, key)
                    if sid is not None and sid not in manifest.sources:
                        yield (
                            f"{where}.prices[{p_index}].{key}: unknown source '{sid}'; "
                            f"declare it under [sources.{sid}] in manifest.toml "
                            f"(declared: {', '.join(manifest.sources)})"
                        )
            yield from host_problems(model, where)


def host_problems(model: Model, where: str) -> Iterator[str]:
    """A source that prices the model only through hosts needs the model's default host."""
    hosts: dict[str, set[str | None]] = {}
    for entry in model.prices:
        hosts.setdefault(entry.source, set()).add(entry.host)
    every_host = {h for found in hosts.values() for h in found if h}
    if model.default_host is not None and model.default_host not in every_host:
        yield (
            f"{where}.default_host: '{model.default_host}' has no price entry; use one of "
            f"the hosts its entries name: {', '.join(sorted(every_host)) or 'none'}"
        )
        return
    for source, found in hosts.items():
        if None in found:
            continue
        named = ", ".join(sorted(h for h in found if h))
        if model.default_host is None:
            yield (
                f"{where}.default_host: missing; source '{source}' prices {model.id} only "
                f"through hosts ({named}): say which one is used by default"
            )
        elif model.default_host not in found:
            yield (
                f"{where}.default_host: '{model.default_host}' has no entry from source "
                f"'{source}', which prices {model.id} only through hosts ({named})"
            )
