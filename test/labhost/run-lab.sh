#!/usr/bin/env bash
# `npm run lab`: the handbook's DR lab, for real, on this machine. Uses DOCKER_HOST
# when that engine can do IPVS, else boots the lab host VM (first time: ~10 min).
# Then brings the lab up, sends 60 requests from the client and prints the split.
set -euo pipefail
cd "$(dirname "$0")/../.."

npm run --silent build
DOCKER_HOST=$(node --import tsx test/support/ensure-engine.ts)
export DOCKER_HOST
echo "Docker engine: $DOCKER_HOST" >&2

node dist/cli.js up --lab dr
node dist/cli.js load --lab dr -n 60 -c 6
echo
echo "The lab stays up. Try: DOCKER_HOST=$DOCKER_HOST node dist/cli.js conns"
echo "Remove it with:       DOCKER_HOST=$DOCKER_HOST node dist/cli.js down"
