#!/usr/bin/env bash
# README's main command: set up, build, and render the demo trailer on the built-in defaults
# (draft generator, draft voice: no GPU, no API key).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run build --silent
# Resets the timeline and libero.json to the starter's but keeps demo/trailer/.libero (the
# generated shots and the render cache): a second run generates nothing.
node dist/src/cli/main.js init trailer demo/trailer --force
node dist/src/cli/main.js render demo/trailer/trailer.otio -o demo/out/trailer.mp4
