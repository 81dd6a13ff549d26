#!/usr/bin/env bash
# The full test run, as CI runs it (.ci/run): installs everything the tests use, then runs every test.
# The package goes into .venv non-editable, so the tests see exactly what a wheel ships; the servers
# (Oxigraph from the test extra, Virtuoso from Debian's packages) are started and stopped by the tests
# themselves, on 127.0.0.1 only (tests/conftest.py). Arguments are passed to both pytest runs below.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet ".[test,docs]"
# grlc (tests/test_grlc.py) pins its own rdflib, requests, Flask …: it gets a venv of its own.
python3 -m venv .venv/grlc
.venv/grlc/bin/python -m pip install --quiet "grlc>=1.3.11,<2"
# Debian's packages: Virtuoso (a second triple store), Jena SHACL (an independent SHACL engine), Apache
# with mod_rewrite (in front of the static site, tests/test_web_site.py), and chromium with its driver (the
# browser tests, tests/test_web_browser.py).
wanted=()
command -v virtuoso-t >/dev/null || wanted+=(virtuoso-opensource)
[ -x /usr/sbin/apache2 ] || wanted+=(apache2)
[ -x /usr/bin/chromium ] || wanted+=(chromium)
[ -x /usr/bin/chromedriver ] || wanted+=(chromium-driver)
dpkg-query -W -f='${Status}' libapache-jena-java 2>/dev/null | grep -q "ok installed" || wanted+=(libapache-jena-java)
# npm, for axe-core (the accessibility engine the browser tests run in the pages).
command -v npm >/dev/null || wanted+=(npm)
if [ ${#wanted[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${wanted[@]}" >/dev/null
    else
        echo "tests/run.sh: not root, so ${wanted[*]} cannot be installed; the tests that need them skip" >&2
    fi
fi
# axe-core from npm, into .venv/axe (tests/test_web_browser.py); the Nu HTML Checker came with the test extra.
if command -v npm >/dev/null && [ ! -f .venv/axe/node_modules/axe-core/axe.min.js ]; then
    npm install --silent --no-audit --no-fund --prefix .venv/axe "axe-core@4"
fi
# The tests spread over the cores (pytest-xdist): validation alone is ~2 s a call and the mutation tests
# validate some 250 graphs, each once (a mutant's tests share an xdist group, --dist loadgroup); each worker
# starts the servers its tests use (Oxigraph, Virtuoso, Apache, chromium) on ports of its own.
HYPOTHESIS_PROFILE=ci .venv/bin/python -m pytest -n auto --dist loadgroup "$@"
