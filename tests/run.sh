#!/usr/bin/env bash
# Installs what the tests need into .venv (the package itself non-editable, so the tests see exactly what a
# wheel ships) and runs every test. Servers the tests use are installed and started by tests/servers.py.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test,docs]"
.venv/bin/python -m pytest "$@"
