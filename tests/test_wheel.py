"""The package works outside the checkout: build wheel and sdist, install the wheel in a fresh venv, use it.

The build and the install fetch hatchling and the dependencies from PyPI: allow a few minutes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import nss_kg

pytestmark = pytest.mark.wheel

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str | Path], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH and a cwd outside the checkout: the venv must see the installed wheel only.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel and the sdist, built as a release is (``python -m build``: sdist, then the wheel from it)."""
    pytest.importorskip("build")
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=out)
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (path,) = dist.glob("nss_kg-*.whl")
    return path


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed (its dependencies from PyPI); returns its bin directory."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home, with_pip=True, symlinks=True)
    bindir = home / ("Scripts" if os.name == "nt" else "bin")
    _run(
        [bindir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], cwd=home
    )
    return bindir


def _metadata(wheel: Path) -> tuple[list[str], dict[str, list[str]]]:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (meta,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        message = Parser().parsestr(archive.read(meta).decode("utf-8"))
    fields: dict[str, list[str]] = {}
    for key, value in message.items():
        fields.setdefault(key, []).append(value)
    return names, fields


def test_version_is_declared_once_and_cited() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", nss_kg.__version__)
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'\nversion: "{nss_kg.__version__}"\n' in citation
    assert f"\n## {nss_kg.__version__} - " in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def test_wheel_carries_the_graph_the_queries_and_the_licenses(wheel: Path) -> None:
    names, fields = _metadata(wheel)
    assert fields["Version"] == [nss_kg.__version__]
    assert wheel.name.startswith(f"nss_kg-{nss_kg.__version__}-")
    expected = ["nss_kg/py.typed", "nss_kg/ontology/context.jsonld"]
    for folder, pattern in (("ontology", "*.ttl"), ("data", "*.ttl"), ("queries", "*.rq")):
        files = sorted((ROOT / folder).glob(pattern))
        assert files, folder
        expected += [f"nss_kg/{folder}/{f.name}" for f in files]
    missing = [name for name in expected if name not in names]
    assert not missing, f"left out of the wheel: {missing}"
    assert fields["License-Expression"] == ["Apache-2.0 AND CC-BY-SA-4.0"]
    assert sorted(fields["License-File"]) == ["LICENSE", "LICENSE-DATA"]
    for license_file in ("LICENSE", "LICENSE-DATA"):
        assert any(n.endswith(f".dist-info/licenses/{license_file}") for n in names), license_file
    assert fields["Requires-Python"] == [">=3.10"]
    for minor in range(10, 14):
        assert f"Programming Language :: Python :: 3.{minor}" in fields["Classifier"]
    assert "Typing :: Typed" in fields["Classifier"]
    with zipfile.ZipFile(wheel) as archive:
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "nss-kg = nss_kg.cli:main" in archive.read(entry_points).decode("utf-8")


def test_sdist_carries_what_the_tests_need(dist: Path) -> None:
    (sdist,) = dist.glob("nss_kg-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in ("pyproject.toml", "LICENSE", "LICENSE-DATA", "README.md", "CITATION.cff", "CHANGELOG.md",
                 "src/nss_kg/__init__.py", "ontology/nss.ttl", "data/summits.ttl", "tests/test_wheel.py",
                 "docs/build.py", "docs/ontology-diagram.dot", "mkdocs.yml"):  # fmt: skip
        assert name in names, name


def test_installed_wheel_works_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    cli = installed / "nss-kg"
    assert _run([cli, "--version"], cwd=tmp_path).stdout.strip() == f"nss-kg {nss_kg.__version__}"

    turtle = _run([cli, "export", "--format", "turtle"], cwd=tmp_path).stdout
    assert "PREFIX nss: <https://w3id.org/nss-kg/ontology#>" in turtle
    assert "summit:2010-washington" in turtle

    _run([cli, "export", "--output", tmp_path / "nss.trig"], cwd=tmp_path)
    assert "\ngraph:data {" in (tmp_path / "nss.trig").read_text(encoding="utf-8")

    code = (
        "import nss_kg, rdflib; g = nss_kg.graph(); assert len(g) > 1000, len(g); "
        "assert 'site-packages' in nss_kg.__file__, nss_kg.__file__; "
        "g2 = rdflib.Graph().parse(data=nss_kg.serialize('jsonld'), format='json-ld'); "
        "assert len(g2) == len(g); "
        "print(nss_kg.__version__)"
    )
    assert _run([installed / "python", "-c", code], cwd=tmp_path).stdout.strip() == nss_kg.__version__

    summits = _run([cli, "query", "summits"], cwd=tmp_path).stdout
    assert "2010" in summits and "2016" in summits
    _run([cli, "validate"], cwd=tmp_path)
