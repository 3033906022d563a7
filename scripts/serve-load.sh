#!/usr/bin/env bash
# The load run of `chiso serve` (a bench, not a test): builds the release
# binary and the load example, then 300 unit officers each save a criterion
# of their unit at the same moment against `chiso serve` on loopback, on a
# scratch synthetic workspace of 300 units; prints throughput and latency per
# save, and checks that no write was lost (exit 1 if one was). Arguments go to
# the example (examples/serve_load.rs), e.g.:
#
#   scripts/serve-load.sh                      # 300 officers, 300 units, 10 pairs on one criterion
#   scripts/serve-load.sh --sample             # the bundled 2025 sample, several officers per unit
#   scripts/serve-load.sh --spread 60          # the saves spread over a minute
#   scripts/serve-load.sh --officers 30 --sequential   # one save at a time
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin chiso --example serve_load
exec target/release/examples/serve_load --chiso target/release/chiso "$@"
