#!/usr/bin/env bash
# Create the project-local virtual environment .venv and install tidings into it.
# Usage: scripts/setup.sh [EXTRA]   (EXTRA: "test" for the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
if [ -n "${1:-}" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$1]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
