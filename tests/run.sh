#!/usr/bin/env bash
# Installs what the tests need into .venv (the package itself non-editable, so the tests see exactly what a
# wheel ships) and runs every test. Servers the tests use are installed and started by tests/servers.py.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test,docs]"
# grlc (tests/test_grlc.py) pins its own rdflib, requests, Flask …: it gets a venv of its own.
python3 -m venv .venv/grlc
.venv/grlc/bin/python -m pip install --quiet "grlc>=1.3.11,<2"
# Jena SHACL (tests/test_jena_shacl.py), the independent engine our shapes are checked against.
if ! dpkg-query -W -f='${Status}' libapache-jena-java 2>/dev/null | grep -q "ok installed"; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libapache-jena-java >/dev/null
    else
        echo "tests/run.sh: not root, so Jena SHACL is not installed and tests/test_jena_shacl.py will skip" >&2
    fi
fi
.venv/bin/python -m pytest "$@"
