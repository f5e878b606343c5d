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
if [ "${1:-}" = "test" ] && [ ! -x /usr/bin/chromium ]; then
  # the browser tests drive Debian's Chromium through Playwright (no browser download)
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "setup: /usr/bin/chromium is missing; install Debian's chromium and chromium-driver for the browser tests" >&2
  fi
fi
if [ -n "${1:-}" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[$1]"
else
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
fi
