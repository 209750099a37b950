#!/usr/bin/env bash
# Fuzz smoke: runs every fuzz target for a short time (default 30 s each) and
# fails on the first crash, hang (an input slower than 10 s) or leak.
#
#   fuzz/smoke.sh            # 30 s per target
#   fuzz/smoke.sh 600        # the 10-minute runs, one target at a time
#   TARGETS="markdown_lint fix_apply" fuzz/smoke.sh 60
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`); nightly features come from
# RUSTC_BOOTSTRAP=1 on the stable toolchain. Seeds are read from
# fuzz/corpus/<target>/ (committed); inputs the fuzzer generates go to
# fuzz/target/work-corpus/<target>/ (not committed). Targets run one after
# another, one process each, under `nice`, so the machine stays usable.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${1:-30}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz smoke: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2
  exit 2
fi

targets="${TARGETS:-$(cargo fuzz list)}"
nice -n 10 cargo fuzz build >/dev/null

failed=0
for target in $targets; do
  work="target/work-corpus/$target"
  log="target/smoke-$target.log"
  mkdir -p "$work"
  if nice -n 10 cargo fuzz run "$target" "$work" "corpus/$target" -- \
      -max_total_time="$seconds" -timeout=10 -max_len=8192 \
      -print_final_stats=1 >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    echo "fuzz $target: ok, ${execs:-?} execs, cov ${cov:-?}, ft ${ft:-?} (${seconds}s)"
  else
    failed=$((failed + 1))
    echo "fuzz $target: FAILED, see fuzz/$log; the input is under fuzz/artifacts/$target/"
    grep -E 'panicked|ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -n 8 || true
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "fuzz smoke: $failed targets failed"
  exit 1
fi
echo "fuzz smoke: all targets passed"
