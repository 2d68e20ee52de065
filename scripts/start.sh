#!/usr/bin/env bash
# Loupe's main job: a real VS Code (code-server, on 127.0.0.1) opened on sample-workspace/ with Loupe
# loaded from this checkout, and the sample runs logged so there is something to look at.
# Ctrl+C stops it. PORT picks the port (default 8765).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
node bin/loupe.js demo --workspace sample-workspace --if-empty
exec node --import tsx scripts/serve-workbench.ts "${PORT:-8765}"
