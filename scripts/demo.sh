#!/usr/bin/env bash
# Install tidings into .venv and run the main job on the bundled example pages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/tidings demo "$@"
