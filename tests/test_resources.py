"""nss_kg.resources finds the packaged files where importlib.resources would, from a folder or from a zip."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

import nss_kg
from nss_kg import resources


def test_an_installed_package_is_read_from_its_folder() -> None:
    root = resources.package_root()
    assert isinstance(root, resources.PackageFile)
    assert Path(root.path) == Path(str(files("nss_kg")))


@pytest.mark.parametrize("folder", ["ontology", "data", "queries"])
def test_each_folder_holds_what_importlib_resources_finds(folder: str) -> None:
    ours = {f.name: f.read_bytes() for f in resources.folder(folder).iterdir() if f.is_file()}
    theirs = {f.name: f.read_bytes() for f in files("nss_kg").joinpath(folder).iterdir() if f.is_file()}
    assert ours == theirs
    assert ours  # the folder shipped


def test_the_graph_files_are_the_ontology_then_the_data() -> None:
    names = [f.name for f in resources.graph_files()]
    assert names[:2] == ["nss.ttl", "alignments.ttl"]
    assert names[2:] == sorted(names[2:]) and "summits.ttl" in names[2:]
    assert resources.shapes_file().name == "shapes.ttl" and "shapes.ttl" not in names


def test_a_package_file_reads_as_text_and_as_a_path() -> None:
    query = resources.folder("queries").joinpath("summits.rq")
    assert query.read_text(encoding="utf-8").startswith("#+ summary:")
    assert Path(query).read_bytes() == query.read_bytes()  # os.PathLike
    assert not resources.folder("queries").joinpath("no-such.rq").is_file()


def test_the_package_works_from_a_zip(tmp_path: Path) -> None:
    """A zipped package has no folder to read: importlib.resources reads the zip."""
    installed = Path(nss_kg.__file__).parent
    archive = tmp_path / "nss_kg.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(installed.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zipped.write(path, Path("nss_kg") / path.relative_to(installed))
    code = (
        "import nss_kg; from nss_kg import resources; "
        "assert '.zip' in nss_kg.__file__, nss_kg.__file__; "
        "print(type(resources.package_root()).__name__, len(nss_kg.query('summits').rows()))"
    )
    environment = {**os.environ, "PYTHONPATH": str(archive)}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr
    kind, summits = run.stdout.split()
    assert kind != "PackageFile"
    assert summits == "4"  # the article's four summits: 2010, 2012, 2014, 2016
