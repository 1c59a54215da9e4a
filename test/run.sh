#!/usr/bin/env bash
# `npm test`: builds, lints, then runs the unit tests, the integration tests on a real
# Docker engine with real IPVS, and the end-to-end tests in real VS Code, in one
# node:test run. The engine is DOCKER_HOST when it can do IPVS, else the lab host
# VM (test/labhost), which is stopped again at the end if this run started it.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
trap 'echo "npm test took $(( $(date +%s) - started )) s" >&2' EXIT

npm run --silent build
npm run --silent typecheck
npm run --silent lint

labhost=test/labhost/labhost.sh
if [ -z "${DOCKER_HOST:-}" ] && ! bash "$labhost" status >/dev/null 2>&1 && [ -z "${LVSLAB_KEEP_LABHOST:-}" ]; then
  trap 'bash "$labhost" stop || true; echo "npm test took $(( $(date +%s) - started )) s" >&2' EXIT
fi

files=(test/unit/*.test.ts test/integration/*.test.ts)
if [ -z "${LVSLAB_SKIP_E2E:-}" ]; then
  files+=(test/e2e/*.e2e.test.ts)
else
  echo "LVSLAB_SKIP_E2E is set: the end-to-end tests in real VS Code (test/e2e) are skipped." >&2
fi
node --import tsx --test --test-reporter=spec --test-concurrency=1 "${files[@]}"
