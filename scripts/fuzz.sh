#!/usr/bin/env bash
# Fuzzes every file loader (criteria, units, answers, datasets, regulation
# tests), the tables `chiso import` reads (CSV, XLSX) and the expression
# compiler for a short while each.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz`); libFuzzer needs nightly
# features, enabled on a stable toolchain with RUSTC_BOOTSTRAP=1.
# Seed corpora live in fuzz/corpus/<target>/ (small, from the sample files);
# what a run discovers goes to fuzz/work/<target>/ (not committed). Crashes are
# written to fuzz/artifacts/<target>/: once fixed, copy the input into
# fuzz/regressions/<target>/, which tests/fuzz_regressions.rs replays in CI.
# CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-30}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(regulation appendix units self appraisal dataset expression cases import_csv import_xlsx)
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "cargo-fuzz is required: cargo install cargo-fuzz" >&2
  exit 2
fi

export RUSTC_BOOTSTRAP=1
status=0
for t in "${targets[@]}"; do
  echo "== $t (${seconds}s)"
  # Limits: 2 s per input, 2 GB of memory, inputs up to 64 KB.
  mkdir -p "work/$t"
  if ! cargo fuzz run -O "$t" "work/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -timeout=2 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)|panicked|ERROR|deadly signal|Test unit written"; then
    :
  fi
  if [ "${PIPESTATUS[0]}" -ne 0 ]; then
    echo "!! $t found a failure: see fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
