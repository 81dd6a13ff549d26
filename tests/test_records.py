"""nss_kg.records.NamedTuple behaves at run time as typing.NamedTuple does."""

from __future__ import annotations

import typing

import pytest

from nss_kg import records


class Ours(records.NamedTuple):
    """A record."""

    name: str
    year: int = 2010
    tags: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{self.name} {self.year}"


class Typings(typing.NamedTuple):
    """A record."""

    name: str
    year: int = 2010
    tags: tuple[str, ...] = ()

    def label(self) -> str:
        return f"{self.name} {self.year}"


@pytest.mark.parametrize("record", [Ours, Typings])
def test_fields_defaults_methods_and_docstring(record: type[Ours]) -> None:
    summit = record("Washington")
    assert record._fields == ("name", "year", "tags")
    assert record._field_defaults == {"year": 2010, "tags": ()}
    assert summit == ("Washington", 2010, ())
    assert summit.label() == "Washington 2010"
    assert summit._replace(year=2016) == record("Washington", 2016)
    assert isinstance(summit._replace(year=2016), record)
    assert repr(summit) == f"{record.__name__}(name='Washington', year=2010, tags=())"
    assert record.__doc__ == "A record."
    assert record.__module__ == __name__
    with pytest.raises(TypeError):
        record()  # type: ignore[call-arg]
    with pytest.raises(AttributeError):
        summit.other = 1  # type: ignore[attr-defined]  # no __dict__, as with typing


def test_the_same_instances_compare_and_hash_alike() -> None:
    assert Ours("Seoul", 2012) == Typings("Seoul", 2012)
    assert hash(Ours("Seoul", 2012)) == hash(Typings("Seoul", 2012))


def test_a_field_without_default_after_one_with_is_refused_as_by_typing() -> None:
    with pytest.raises(TypeError, match="without a default"):

        class Bad(records.NamedTuple):
            year: int = 2010
            name: str  # type: ignore[misc]


def test_other_bases_are_refused_as_by_typing() -> None:
    with pytest.raises(TypeError, match="no other base"):

        class Mixed(records.NamedTuple, int):  # type: ignore[misc]
            year: int


def test_a_record_without_docstring_is_documented_as_by_typing() -> None:
    class Bare(records.NamedTuple):
        name: str
        year: int

    class TypingBare(typing.NamedTuple):
        name: str
        year: int

    assert Bare.__doc__ == TypingBare.__doc__.replace("TypingBare", "Bare")  # type: ignore[union-attr]


def test_records_pickle() -> None:
    import pickle

    summit = Ours("The Hague", 2014, ("nuclear security",))
    assert pickle.loads(pickle.dumps(summit)) == summit
    assert type(pickle.loads(pickle.dumps(summit))) is Ours
