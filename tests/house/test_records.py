"""A record behaves as the frozen dataclass it replaces: the same class written twice, once
with ``@record`` and once with ``@dataclass(frozen=True)``, does the same things."""

from __future__ import annotations

import dataclasses
import pickle
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
        kind.__match_args__,
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
        del entry.price  # type: ignore[misc]
    assert entry.price == 2


def test_a_factory_gives_each_record_its_own_value() -> None:
    made = []

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
