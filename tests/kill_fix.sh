#!/usr/bin/env bash
# Kill test for `dejargon check --fix`: starts it over 1,000 files with
# fixable jargon, kills it with SIGKILL at a random moment, and checks that
# every file is byte-identical to either its original or its fully fixed
# version (never empty, truncated or half-written). Repeated 20 times; a
# final run after the kills must then fix everything.
#
#   tests/kill_fix.sh            # uses target/release/dejargon (builds it)
#   DEJARGON=path/to/dejargon REPEAT=5 FILES=200 tests/kill_fix.sh
set -euo pipefail
cd "$(dirname "$0")/.."

files="${FILES:-1000}"
repeat="${REPEAT:-20}"
if [ -z "${DEJARGON:-}" ]; then
  cargo build --release --locked --quiet
  DEJARGON="$PWD/target/release/dejargon"
fi
dict="$PWD/tests/fixtures/dict/mini-en.json"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/original" "$work/expected"

# Originals and their fully fixed versions. The dictionary's IDC entry has the
# fix "data center"; IDC never starts a sentence here, so the fixed text is a
# plain substitution, computed without dejargon. Files are a few KB so that a
# run takes long enough to be killed in the middle.
awk -v n="$files" -v orig="$work/original" -v fixed="$work/expected" 'BEGIN {
  for (i = 1; i <= n; i++) {
    o = orig "/doc-" i ".md"; f = fixed "/doc-" i ".md"
    printf "# Report %d\n\n", i > o
    printf "# Report %d\n\n", i > f
    for (j = 1; j <= 40; j++) {
      printf "Line %d of report %d: the IDC in hall %d is full, and the other IDC is not.\n", j, i, j > o
      printf "Line %d of report %d: the data center in hall %d is full, and the other data center is not.\n", j, i, j > f
    }
    printf "\n```\nIDC stays in code\n```\n" > o
    printf "\n```\nIDC stays in code\n```\n" > f
    close(o); close(f)
  }
}'

run_fix() {
  "$DEJARGON" check --fix --no-builtin --no-config --dictionary "$dict" \
    --fail-on never --format compact "$1" >/dev/null 2>&1
}

# How long an uninterrupted run takes: the kills land anywhere inside it.
cp -R "$work/original" "$work/timing"
start=$(date +%s%N)
run_fix "$work/timing"
duration_ms=$(( ($(date +%s%N) - start) / 1000000 ))
if ! diff -r -q "$work/timing" "$work/expected" >/dev/null; then
  echo "kill test: an uninterrupted run does not produce the expected files"
  diff -r "$work/timing" "$work/expected" | head -n 20
  exit 1
fi
rm -rf "$work/timing"
echo "kill test: $files files, uninterrupted --fix takes ${duration_ms} ms"

passed=0
failed=0
for rep in $(seq 1 "$repeat"); do
  dir="$work/run-$rep"
  cp -R "$work/original" "$dir"
  delay_ms=$(( RANDOM % (duration_ms + 1) ))
  run_fix "$dir" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true

  # Files that differ from their original must be exactly the fixed version.
  fixed=0 bad=0
  for name in $(diff -rq "$dir" "$work/original" 2>/dev/null \
      | sed -n 's|^Files .*/\(doc-[0-9]*\.md\) and .* differ$|\1|p'); do
    if cmp -s "$dir/$name" "$work/expected/$name"; then
      fixed=$((fixed + 1))
    else
      bad=$((bad + 1))
      echo "  run $rep: $name is neither the original nor the fixed version"
    fi
  done
  present=$(find "$dir" -name 'doc-*.md' | wc -l)
  if [ "$present" -ne "$files" ]; then
    bad=$((bad + 1))
    echo "  run $rep: $((files - present)) files are missing"
  fi
  untouched=$((present - fixed - bad))
  leftovers=$(find "$dir" -name '.dejargon-*.tmp' | wc -l)
  # The files a kill interrupted are still fixable: a second run finishes the job.
  run_fix "$dir" || true
  find "$dir" -name '.dejargon-*.tmp' -delete
  if ! diff -r -q "$dir" "$work/expected" >/dev/null; then
    bad=$((bad + 1))
    echo "  run $rep: a second run after the kill did not fix every file"
  fi
  if [ "$bad" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
  echo "run $rep: killed after ${delay_ms} ms: $fixed fixed, $untouched untouched, $bad bad, $leftovers temporary files left by the kill"
  rm -rf "$dir"
done

echo "kill test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
