#!/usr/bin/env bash
# Install tidings into .venv, run the main job on the bundled example pages, then serve the
# store on loopback (web pages and JSON API) until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tidings demo --serve "$@"
