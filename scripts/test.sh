#!/usr/bin/env bash
# Installs everything minik8s needs on this machine, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/clean-test-leftovers.sh
npm test
