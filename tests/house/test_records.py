"""A record behaves as the frozen dataclass it replaces: the same class written twice, once
with ``@record`` and once with ``@dataclass(frozen=True)``, does the same things."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from dataclasses import FrozenInstanceError, dataclass, field
from typing import Any

import pytest

from tokencost.records import record


@record
class Entry:
    """A record with required fields, a default, a factory and a field left out of
    comparison and repr."""

    model: str
    price: int
    note: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True)
class Standard:
    """The same fields as :class:`Entry`, by the standard library."""

    model: str
    price: int
    note: str | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    seen: int = field(default=0, compare=False, repr=False)


@record
class Checked:
    """A record with ``__post_init__``."""

    price: int

    def __post_init__(self) -> None:
        if self.price < 0:
            raise ValueError("a price is never negative")


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("gpt", 2), {}),
    (("gpt",), {"price": 2, "note": "list"}),
    ((), {"model": "gpt", "price": 2, "tags": ("a",), "seen": 5}),
    (("gpt", 2, "n", ("t",), 9), {}),
]
BAD_CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("gpt",), {}),  # a required field missing
    (("gpt", 2, "n", ("t",), 9, "extra"), {}),  # too many positional
    (("gpt", 2), {"model": "again"}),  # a field given twice
    (("gpt", 2), {"colour": "red"}),  # no such field
]


def outcome(kind: type, args: tuple[Any, ...], kwargs: dict[str, Any]) -> object:
    try:
        made = kind(*args, **kwargs)
    except TypeError as exc:
        return ("TypeError", str(exc).replace(kind.__name__, "X"))
    fields = [(f.name, f.default, f.compare, f.repr) for f in dataclasses.fields(made)]
    return (
        repr(made).replace(kind.__name__, "X", 1),
        dataclasses.asdict(made),
        fields,
        made == kind(*args, **kwargs),
        made == kind(*args[:4], **{**kwargs, "seen": 99}),  # seen is not compared
        made != kind("other", 2),
        hash(made) == hash(kind(*args, **kwargs)),
        dataclasses.replace(made, price=3).price,
        pickle.loads(pickle.dumps(made)) == made,
        vars(kind)["__match_args__"],
    )


@pytest.mark.parametrize(("args", "kwargs"), CALLS + BAD_CALLS)
def test_a_record_does_what_the_frozen_dataclass_does(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    assert outcome(Entry, args, kwargs) == outcome(Standard, args, kwargs)


def test_a_missing_field_names_it() -> None:
    with pytest.raises(
        TypeError, match=r"Entry.__init__\(\) missing 1 required positional argument: 'price'"
    ):
        Entry("gpt")  # type: ignore[call-arg]


def test_a_record_refuses_assignment_and_deletion() -> None:
    entry = Entry("gpt", 2)
    with pytest.raises(FrozenInstanceError, match="cannot assign to field 'price'"):
        entry.price = 3  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError, match="cannot delete field 'price'"):
        del entry.price
    assert entry.price == 2


def test_a_factory_gives_each_record_its_own_value() -> None:
    made: list[list[str]] = []

    @record
    class Box:
        """A record with a mutable default."""

        items: list[str] = field(default_factory=list)

    first, second = Box(), Box()
    made.extend((first.items, second.items))
    assert made == [[], []] and first.items is not second.items


def test_a_record_of_another_class_is_not_equal() -> None:
    assert Entry("gpt", 2) != Standard("gpt", 2)
    assert Entry("gpt", 2).__eq__(Standard("gpt", 2)) is NotImplemented


def test_post_init_runs_after_the_fields_are_set() -> None:
    assert Checked(1).price == 1
    with pytest.raises(ValueError, match="never negative"):
        Checked(-1)


def test_a_class_defining_a_shared_method_is_refused() -> None:
    with pytest.raises(TypeError, match="Odd defines __repr__: a record's is shared"):

        @record
        class Odd:
            """Defines its own repr."""

            name: str

            def __repr__(self) -> str:
                return self.name


PROBE = """\
import dataclasses, io, sys
from tokencost.cli import main
sys.stdout = io.StringIO()
code = main(sys.argv[1:])
sys.stdout = sys.__stdout__
compiled = sorted(
    f"{module.__name__}.{name}"
    for module in list(sys.modules.values())
    if module.__name__.startswith("tokencost")
    for name, kind in vars(module).items()
    if isinstance(kind, type)
    and kind.__module__ == module.__name__
    and dataclasses.is_dataclass(kind)
    and kind.__dataclass_params__.frozen
)
print(code, compiled, [name for name in ("hashlib", "calendar", "tempfile") if name in sys.modules])
"""


@pytest.mark.parametrize("command", [["compare", "--json"], ["models", "--json"]])
def test_a_cached_run_compiles_no_dataclass_and_loads_no_openssl(command: list[str]) -> None:
    """Start-up (docs/performance.md): every frozen class a cached ``compare`` or
    ``models`` run defines is a record (a standard frozen dataclass compiles six methods),
    and neither OpenSSL (hashlib), the calendar module nor tempfile is loaded."""

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", PROBE, *command], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    run()  # fills the catalogue cache
    assert run() == "0 [] []"
