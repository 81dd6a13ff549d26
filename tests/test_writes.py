"""Writes leave the old version or the new one, never half: ``export --output`` and ``nss-kg site`` under a
full disk, Ctrl-C, SIGTERM and SIGHUP; the site's output folder is refused where it would be a disaster."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import servers

import nss_kg
from nss_kg import output_files
from nss_kg.errors import InputError, LocalResourceError
from nss_kg.export import export

NSS_KG = [sys.executable, "-m", "nss_kg"]


def _full_disk(*_: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.slow
def test_a_full_disk_leaves_the_old_export_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("the old export\n")
    monkeypatch.setattr(output_files.os, "fsync", _full_disk)
    with pytest.raises(
        LocalResourceError, match=r"cannot write .*graph\.ttl: No space left on device"
    ) as error:
        export("turtle", target)
    assert error.value.exit_code == 4
    assert target.read_text() == "the old export\n"
    assert os.listdir(tmp_path) == ["graph.ttl"]


def test_an_export_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("old\n")
    text = export("ntriples", target)
    assert target.read_text(encoding="utf-8") == text and text.count("\n") == len(nss_kg.graph())
    assert os.listdir(tmp_path) == ["graph.nt"]


@pytest.mark.slow
def test_an_unwritable_output_is_exit_4_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [*NSS_KG, "export", "--output", str(tmp_path / "missing" / "graph.ttl")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 4
    assert done.stderr.count("\n") == 1 and "cannot write" in done.stderr and "No such file" in done.stderr


def test_ctrl_c_while_writing_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("old\n")

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output_files.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output_files.write_atomically(target, b"new\n")
    assert target.read_text() == "old\n" and os.listdir(tmp_path) == ["graph.ttl"]


@pytest.mark.parametrize("output", ["", "/"])
def test_the_site_refuses_an_empty_or_root_output(output: str) -> None:
    with pytest.raises(InputError, match="refusing to write a site"):
        output_files.replace_folder(output, lambda root: None)


def test_a_failing_build_keeps_the_old_site_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")

    def half_then_full(root: Path) -> None:
        (root / "index.html").write_text("new site")
        _full_disk()

    with pytest.raises(LocalResourceError, match="No space left"):
        output_files.replace_folder(site, half_then_full)
    assert (site / "index.html").read_text() == "old site"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_link_in_the_old_site_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious").write_text("keep me")
    site = tmp_path / "site"
    site.mkdir()
    (site / "static").symlink_to(outside)
    output_files.replace_folder(site, lambda root: (root / "static").mkdir())
    assert (outside / "precious").read_text() == "keep me"
    assert not (site / "static").is_symlink() and sorted(os.listdir(tmp_path)) == ["outside", "site"]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_ends_a_heavy_query_in_one_line(tmp_path: Path, signum: int) -> None:
    file = tmp_path / "heavy.rq"
    file.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }")
    process = subprocess.Popen(
        [*NSS_KG, "query", str(file)], stderr=subprocess.PIPE, text=True, preexec_fn=servers.default_signals
    )
    try:
        time.sleep(1.5)
        process.send_signal(signum)
        _, err = process.communicate(timeout=30)
    finally:  # a query the signal did not stop must not run on, slowing every test after it
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, err) == (130, "nss-kg: interrupted\n")


@pytest.mark.slow
def test_sigterm_during_a_site_build_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old site")
    process = subprocess.Popen([*NSS_KG, "site", "--output", str(site)], stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)  # the build takes some 20 s: it is well under way
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:  # a build SIGTERM did not stop must not run on, slowing every test after it
        if process.poll() is None:
            process.kill()
            process.wait()
    assert (process.returncode, err) == (130, "nss-kg: interrupted\n")
    assert (site / "index.html").read_text() == "old site"
    assert sorted(os.listdir(tmp_path)) == ["site"]


def test_a_new_site_folder_is_as_readable_as_mkdir_makes_it(tmp_path: Path) -> None:
    # mkdtemp makes a private folder: Apache, serving the site as another user, answered 403 to every file.
    site = tmp_path / "site"
    output_files.replace_folder(site, lambda root: (root / "index.html").write_text("page"))
    reference = tmp_path / "reference"
    reference.mkdir()
    assert site.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777
