"""nss_kg.resources finds the packaged files beside the installed code, or at the top of a checkout for an
editable install; code without its files is a one-line error."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nss_kg
from nss_kg import resources

PACKAGED_FOLDERS = ("ontology", "data", "queries")
ROOT = Path(__file__).resolve().parent.parent


def test_an_installed_package_reads_its_own_copies() -> None:
    installed = Path(nss_kg.__file__).parent
    assert Path(resources.root()) in (installed, ROOT)
    for name in PACKAGED_FOLDERS:
        shipped = {p.name: p.read_bytes() for p in (ROOT / name).iterdir() if p.is_file()}
        found = {p.name: p.read_bytes() for p in Path(resources.folder(name)).iterdir() if p.is_file()}
        assert found == shipped  # the files the repository has, byte for byte


def test_the_graph_files_are_the_ontology_then_the_data() -> None:
    names = [os.path.basename(f) for f in resources.graph_files()]
    assert names[:2] == ["nss.ttl", "alignments.ttl"]
    assert names[2:] == sorted(names[2:]) and "summits.ttl" in names[2:]
    assert os.path.basename(resources.shapes_file()) == "shapes.ttl" and "shapes.ttl" not in names


def _run_with_path(code: str, *path: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(map(str, path))}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def _copy_code(target: Path) -> None:
    """The package's code, as in a checkout's src/: without the files the build adds."""
    ignored = shutil.ignore_patterns("__pycache__", *PACKAGED_FOLDERS)
    shutil.copytree(Path(nss_kg.__file__).parent, target, ignore=ignored)


def test_an_editable_install_reads_the_checkout(tmp_path: Path) -> None:
    """The layout of 'pip install -e .': code in src/nss_kg, the folders two levels up, read as edited."""
    _copy_code(tmp_path / "src" / "nss_kg")
    for name in PACKAGED_FOLDERS:
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "queries" / "mine.rq").write_text("SELECT ?s WHERE { ?s a ?c } LIMIT 2\n")
    code = "import nss_kg; print(len(nss_kg.query('summits').rows()), len(nss_kg.query('mine').rows()))"
    run = _run_with_path(code, tmp_path / "src")
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["4", "2"]  # the article's four summits, and the query just written


def test_missing_packaged_files_are_a_one_line_error(tmp_path: Path) -> None:
    _copy_code(tmp_path / "nss_kg")
    code = "import sys; from nss_kg.cli import main; sys.exit(main(['summits']))"
    run = _run_with_path(code, tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        f"nss-kg: error: {tmp_path / 'nss_kg'}: the packaged ontology, data and queries are missing; "
        "reinstall nss-kg\n"
    )
