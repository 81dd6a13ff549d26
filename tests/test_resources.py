"""nss_kg.resources finds the packaged files where importlib.resources would, from a folder or from a zip."""

from __future__ import annotations

import os
import shutil
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


PACKAGED_FOLDERS = ("ontology", "data", "queries")


def _run_with_path(code: str, *path: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, path))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def _copy_code(target: Path) -> None:
    """The package's code, as in a checkout's src/: without the files the build adds."""
    ignored = shutil.ignore_patterns("__pycache__", *PACKAGED_FOLDERS)
    shutil.copytree(Path(nss_kg.__file__).parent, target, ignore=ignored)


def test_an_editable_install_reads_the_files_its_build_copied(tmp_path: Path) -> None:
    """The layout of 'pip install -e .' with hatchling: code in src/, packaged files in site-packages."""
    _copy_code(tmp_path / "src" / "nss_kg")
    for name in PACKAGED_FOLDERS:
        shutil.copytree(Path(nss_kg.__file__).parent / name, tmp_path / "site" / "nss_kg" / name)
    code = (
        "import nss_kg; from nss_kg import resources; "
        "print(nss_kg.__file__, resources.package_root(), len(nss_kg.query('summits').rows()))"
    )
    run = _run_with_path(code, tmp_path / "site", tmp_path / "src")
    assert run.returncode == 0, run.stderr
    module, root, summits = run.stdout.split()
    assert module == str(tmp_path / "src" / "nss_kg" / "__init__.py")
    assert root == str(tmp_path / "site" / "nss_kg")
    assert summits == "4"


def test_missing_packaged_files_are_a_one_line_error(tmp_path: Path) -> None:
    """Code without its files (and another nss-kg installed further along sys.path, not to be mixed in)."""
    _copy_code(tmp_path / "nss_kg")
    code = "import sys; from nss_kg.cli import main; sys.exit(main(['summits']))"
    run = _run_with_path(code, tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        f"nss-kg: error: {tmp_path / 'nss_kg' / 'queries'}: missing from the installed package; "
        "reinstall nss-kg ('pip install .')\n"
    )
