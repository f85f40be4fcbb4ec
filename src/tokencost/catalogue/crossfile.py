"""Rules that span the files of a catalogue: unique ids and aliases, declared sources,
default hosts. Checked once every file is valid on its own (a cache miss only).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tokencost.catalogue.schema import Manifest, Model, ProviderFile
from tokencost.problems import Loc, Problem


def cross_file_problems(manifest: Manifest, files: Mapping[str, ProviderFile]) -> Iterator[Problem]:
    """Yield a Problem for each rule that spans files and is broken.

    Unique provider ids, unique model ids and aliases (case-insensitive; an alias may
    not be another model's id), every price entry's source and via declared in the
    manifest, the manifest's default source declared, and a default host for every
    source that prices a model only through hosts.
    """
    if manifest.default_source not in manifest.sources:
        yield Problem(
            "manifest.toml",
            ("default_source",),
            f"'{manifest.default_source}' is not declared",
            f"add [sources.{manifest.default_source}] or use one of: {', '.join(manifest.sources)}",
        )
    providers: dict[str, str] = {}
    names: dict[str, str] = {}
    for file_name, pfile in files.items():
        if pfile.provider in providers:
            yield Problem(
                file_name,
                ("provider",),
                f"'{pfile.provider}' is already the provider of {providers[pfile.provider]}",
                "give each provider one file",
            )
        providers[pfile.provider] = file_name
        for m_index, model in enumerate(pfile.models):
            where = ("models", m_index)
            for name in (model.id, *model.aliases):
                key = name.lower()
                if key in names:
                    yield Problem(
                        file_name,
                        where,
                        f"'{name}' is already used by {names[key]}",
                        "ids and aliases must be unique",
                    )
                else:
                    names[key] = f"model '{model.id}' ({file_name})"
            for p_index, entry in enumerate(model.prices):
                for key in ("source", "via"):
                    sid = getattr(entry, key)
                    if sid is not None and sid not in manifest.sources:
                        yield Problem(
                            file_name,
                            (*where, "prices", p_index, key),
                            f"unknown source '{sid}'",
                            f"declare it under [sources.{sid}] in manifest.toml "
                            f"(declared: {', '.join(manifest.sources)})",
                        )
            yield from _host_problems(model, file_name, (*where, "default_host"))


def _host_problems(model: Model, file: str, where: Loc) -> Iterator[Problem]:
    """A source that prices the model only through hosts needs the model's default host."""
    hosts: dict[str, set[str | None]] = {}
    for entry in model.prices:
        hosts.setdefault(entry.source, set()).add(entry.host)
    every_host = {h for found in hosts.values() for h in found if h}
    if model.default_host is not None and model.default_host not in every_host:
        yield Problem(
            file,
            where,
            f"'{model.default_host}' has no price entry",
            f"use one of the hosts its entries name: {', '.join(sorted(every_host)) or 'none'}",
        )
        return
    for source, found in hosts.items():
        if None in found:
            continue
        named = ", ".join(sorted(h for h in found if h))
        if model.default_host is None:
            yield Problem(
                file,
                where,
                f"missing; source '{source}' prices {model.id} only "
                f"through hosts ({named}): say which one is used by default",
            )
        elif model.default_host not in found:
            yield Problem(
                file,
                where,
                f"'{model.default_host}' has no entry from source "
                f"'{source}', which prices {model.id} only through hosts ({named})",
            )
