"""``NamedTuple`` without importing typing, whose import is about 8 ms of a 60 ms cold ``nss-kg query``.

Modules write ``if TYPE_CHECKING: from typing import NamedTuple`` / ``else: from nss_kg.records import
NamedTuple``, so type checkers see typing's. At run time, ``class Point(NamedTuple): x: int; y: int = 0``
becomes a subclass of ``collections.namedtuple("Point", ["x", "y"], defaults=[0])`` with the class's
methods and docstring: the same fields, defaults, order, equality and ``_replace`` as typing would give.
"""

from __future__ import annotations

from collections import namedtuple


class _NamedTupleMeta(type):
    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if not bases:  # NamedTuple itself
            return super().__new__(cls, name, bases, namespace)
        if bases != (NamedTuple,):
            raise TypeError(f"{name}: a NamedTuple has no other base classes")
        if "__annotations__" not in namespace and "__annotate__" in namespace:
            # Python 3.14 defers annotations (PEP 649) unless the module asks for strings.
            raise TypeError(f"{name}: its module needs 'from __future__ import annotations'")
        annotations = namespace.get("__annotations__", {})
        fields = list(annotations) if isinstance(annotations, dict) else []
        has_default = [field in namespace for field in fields]
        if has_default != sorted(has_default):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        defaults = [namespace.pop(field) for field in fields if field in namespace]
        # A dynamic field list is what namedtuple is for; mypy only checks literal ones.
        fields_tuple = namedtuple(name, fields, defaults=defaults, module=str(namespace["__module__"]))  # type: ignore[misc]
        namespace.setdefault("__doc__", fields_tuple.__doc__)
        return type(name, (fields_tuple,), {**namespace, "__slots__": ()})


class NamedTuple(metaclass=_NamedTupleMeta):
    """Base of typed records at run time (see the module's docstring)."""
