#!/usr/bin/env bash
# Create .venv and install everything the project needs: torch==2.13.0 (CPU wheel) first, then the project and its dev tools,
# and Chromium for the site test.
# Idempotent: a second run only checks. Use PYTHON=python3.11 to pick the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -c "import torch" 2>/dev/null || { .venv/bin/python -m pip install -q --upgrade pip; .venv/bin/pip install -q torch==2.13.0; }
.venv/bin/python -c "import factorvae_nb, nbdev, papermill, pytest, xdist, smalldocs, yaml, ipca, empyrical, ray, jupyterlab" 2>/dev/null && [ -x .venv/bin/nbdev_test ] || .venv/bin/pip install -q -e ".[dev]"
# headless Chromium for the site test (tests/test_site.py), from Debian
if ! command -v chromium >/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get install -y -q chromium >/dev/null || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null; }
fi
