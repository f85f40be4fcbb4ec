"""Records: frozen dataclasses whose methods are shared by every class, not compiled for each.

``@record`` above a class does what ``@dataclass(frozen=True)`` does: the same fields and
defaults (``dataclasses.field`` included), ``dataclasses.fields``, ``replace`` and
``asdict``, positional and keyword construction, equality and hash over the compared
fields, the same ``repr``, assignment refused with ``FrozenInstanceError``, pickling.
The difference is where the methods come from. The standard library writes the source
of ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__`` and
``__delattr__`` for each class and compiles each with ``exec``: on Python 3.11, 3.8
million instructions for a class of five fields (valgrind), and a ``tokencost compare``
call defines 31 such classes, which cost more than everything it does after its
imports. Here one function of each kind serves every record, reading the class's
fields from tuples made once: 0.3 million instructions a class
(docs/performance.md has the figures).

A record's ``__init__`` copies its arguments in a loop rather than in straight-line
code: 3.0 microseconds for a record of seven fields given by position instead of 2.5
(3.9 when defaults are filled in). Records are results and catalogue entries, a few
thousand in a run at most, never a hot loop's values.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError
from typing import Any, TypeVar, dataclass_transform

C = TypeVar("C", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: C) -> C:
    """``cls`` as a frozen dataclass with shared methods (the module's docstring)."""
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        if name in cls.__dict__:
            raise TypeError(f"{cls.__name__} defines {name}: a record's is shared")
    dataclasses.dataclass(cls, init=False, repr=False, eq=False)  # its fields, no methods
    fields = dataclasses.fields(cls)
    cls.__record__ = _Layout(  # type: ignore[attr-defined]
        tuple((f.name, f.default, f.default_factory) for f in fields if f.init),
        tuple(f.name for f in fields if f.compare),
        tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash)),
        tuple(f.name for f in fields if f.repr),
        hasattr(cls, "__post_init__"),
    )
    cls.__init__ = _init  # type: ignore[misc]
    cls.__repr__ = _repr  # type: ignore[assignment]
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    cls.__setattr__ = _setattr  # type: ignore[assignment]
    cls.__delattr__ = _delattr  # type: ignore[assignment]
    return cls


class _Layout:
    """What the shared methods need of a record class: its fields, in order, by use."""

    __slots__ = ("compared", "hashed", "init", "names", "post_init", "shown", "takes")

    def __init__(
        self,
        init: tuple[tuple[str, object, Callable[[], object] | object], ...],
        compared: tuple[str, ...],
        hashed: tuple[str, ...],
        shown: tuple[str, ...],
        post_init: bool,
    ) -> None:
        self.init, self.compared, self.hashed, self.shown = init, compared, hashed, shown
        self.names = tuple(name for name, _, _ in init)
        self.post_init = post_init
        most = len(init) + 1  # self, then the fields
        least = most - sum(
            default is not MISSING or factory is not MISSING for _, default, factory in init
        )
        self.takes = (
            f"{most} positional arguments"
            if least == most
            else f"from {least} to {most} positional arguments"
        )
        """How many positional arguments ``__init__`` takes, as Python's own message says it."""


def _init(self: Any, *args: object, **kwargs: object) -> None:
    cls = type(self)
    layout: _Layout = cls.__record__
    given = len(args)
    if given > len(layout.init):
        raise TypeError(
            f"{cls.__name__}.__init__() takes {layout.takes} but {given + 1} were given"
        )
    values = self.__dict__
    values.update(zip(layout.names, args, strict=False))
    if given == len(layout.init) and not kwargs:  # every field by position: done
        if layout.post_init:
            self.__post_init__()
        return
    for name in layout.names[:given]:
        if name in kwargs:
            raise TypeError(f"{cls.__name__}.__init__() got multiple values for argument {name!r}")
    for name, default, factory in layout.init[given:]:
        if name in kwargs:
            values[name] = kwargs.pop(name)
        elif default is not MISSING:
            values[name] = default
        elif factory is not MISSING:
            values[name] = factory()  # type: ignore[operator]
        else:
            raise TypeError(
                f"{cls.__name__}.__init__() missing 1 required positional argument: {name!r}"
            )
    if kwargs:
        name = next(iter(kwargs))
        raise TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument {name!r}")
    if layout.post_init:
        self.__post_init__()


def _layout(item: object) -> _Layout:
    found: _Layout = type(item).__record__  # type: ignore[attr-defined]
    return found


def _repr(self: object) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _layout(self).shown)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        different: bool = NotImplemented
        return different
    names = _layout(self).compared
    same: bool = tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return same


def _hash(self: object) -> int:
    return hash(tuple(getattr(self, name) for name in _layout(self).hashed))


def _setattr(_self: object, name: str, _value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(_self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")
