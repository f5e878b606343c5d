#!/usr/bin/env bash
# Install tidings with its test tools into .venv and run the whole test suite.
# A run that collects no test is a failure (pytest exits 5 then).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test || exit 1
.venv/bin/python -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "no tests were collected: failing" >&2
  exit 1
fi
exit "$status"
