"""The public API of ``import nss_kg``: lazy, complete, and never shadowed by a submodule."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import types
from pathlib import Path

import nss_kg


def test_every_exported_name_resolves_even_after_all_submodules_are_imported() -> None:
    for module in pkgutil.walk_packages(nss_kg.__path__, "nss_kg."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    for name in nss_kg.__all__:
        value = getattr(nss_kg, name)
        assert not isinstance(value, types.ModuleType), name


def test_unknown_attribute_is_an_attribute_error() -> None:
    try:
        nss_kg.no_such_thing  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("no AttributeError")


def test_import_and_cli_start_load_neither_rdflib_nor_pyshacl() -> None:
    code = (
        "import sys, nss_kg, nss_kg.cli.parser; nss_kg.cli.parser.build_parser(); "
        "heavy = ('rdflib', 'pyshacl', 'SPARQLWrapper', 'yaml', 'http.client', 'urllib.request'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


# What a cold `nss-kg query summits` must not import: each costs tens or hundreds of milliseconds, and none is
# needed to answer a packaged query on the embedded graph.
SLOW_TO_IMPORT = (
    "rdflib", "pyshacl", "SPARQLWrapper", "yaml", "http.client", "urllib.request",
    "starlette", "uvicorn", "jinja2",  # nss-kg serve's, imported by serve alone
)  # fmt: skip


def test_a_cold_packaged_query_imports_nothing_slow() -> None:
    listing = "import sys; print(' '.join(sorted(sys.modules)))"
    before = subprocess.run([sys.executable, "-c", listing], capture_output=True, text=True, check=True)
    code = (
        "import io, sys; from nss_kg.cli import main; sys.stdout = io.TextIOWrapper(io.BytesIO()); "
        "code = main(['query', 'summits', '--format', 'table']); sys.stdout = sys.__stdout__; "
        + listing.removeprefix("import sys; ")
    )
    after = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    added = set(after.stdout.split()) - set(before.stdout.split())
    assert "pyoxigraph" in added  # the query did run
    assert sorted(added & set(SLOW_TO_IMPORT)) == []


def test_all_lists_exactly_the_lazy_exports() -> None:
    from nss_kg import _EXPORTS

    assert set(nss_kg.__all__) == {"__version__", *_EXPORTS}


def test_the_type_stub_declares_what_the_package_exports() -> None:
    """__init__.pyi is what type checkers read instead of the lazy __init__.py: the two must agree."""
    import ast

    stub = ast.parse((Path(nss_kg.__file__).parent / "__init__.pyi").read_text(encoding="utf-8"))
    declared = next(
        ast.literal_eval(node.value)
        for node in stub.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__"
    )
    imported = {
        alias.asname or alias.name
        for node in stub.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert sorted(declared) == sorted(nss_kg.__all__)
    assert imported == set(nss_kg.__all__) - {"__version__"}
