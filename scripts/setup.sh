#!/usr/bin/env bash
# Create .venv and install everything the project needs: torch==2.13.0 (CPU wheel) first, then the project and its dev tools.
# Idempotent: a second run only checks. Use PYTHON=python3.11 to pick the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "${PYTHON:-python3}" -m venv .venv
.venv/bin/python -c "import torch" 2>/dev/null || { .venv/bin/python -m pip install -q --upgrade pip; .venv/bin/pip install -q torch==2.13.0; }
.venv/bin/python -c "import factorvae_nb, nbdev, papermill, pytest, smalldocs, ipca, empyrical" 2>/dev/null || .venv/bin/pip install -q -e ".[dev]"
