#!/usr/bin/env bash
# bench/compare.sh: dejargon against a bare Aho-Corasick scan, typos,
# textlint + prh and proselint on a real documentation corpus, plus
# pathological inputs, start-up and memory. Documented in README.md
# ("Benchmarks"). Prints one table and the targets of issue 7.
#
#   bash bench/compare.sh                  # corpus: ../shared/corpus
#   CORPUS=/path/to/docs RUNS=10 bash bench/compare.sh
#
# Needs: cargo, python3 (bench/interleave.py times the runs),
# and for the comparison tools: typos-cli (cargo), textlint + textlint-rule-prh
# (npm, bench/package.json), proselint (pip). Missing ones are installed into
# target/tools and bench/node_modules; SKIP_INSTALL=1 skips a missing tool.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CORPUS=${CORPUS:-../shared/corpus}
RUNS=${RUNS:-5}
OUT=$ROOT/target/bench
TOOLS=$ROOT/target/tools
mkdir -p "$OUT" "$TOOLS"
[ -d "$CORPUS" ] || { echo "error: corpus $CORPUS not found (set CORPUS=DIR)" >&2; exit 2; }
CORPUS=$(cd "$CORPUS" && pwd)

say() { printf '%s\n' "$*" >&2; }

# ---------------------------------------------------------------- build
say "== building (release)"
cargo build --release --locked --quiet --bin dejargon --example raw_scan
DJ=$ROOT/target/release/dejargon
RAW=$ROOT/target/release/examples/raw_scan

"$DJ" dict export --format lines -o "$OUT/terms.txt"
"$DJ" dict export --format prh -o "$OUT/prh.yml"
"$DJ" dict list --format tsv | cut -f1 | tail -n +2 > "$OUT/spellings.txt"
PATTERNS=$(wc -l < "$OUT/terms.txt")

# ---------------------------------------------------------------- tools
TYPOS=$(command -v typos || true)
[ -n "$TYPOS" ] || TYPOS=$TOOLS/bin/typos
if [ ! -x "$TYPOS" ] && [ -z "${SKIP_INSTALL:-}" ]; then
  say "== installing typos-cli into $TOOLS (once)"
  cargo install typos-cli --locked --quiet --root "$TOOLS" >&2
fi
TEXTLINT=$ROOT/bench/node_modules/.bin/textlint
if [ ! -x "$TEXTLINT" ] && [ -z "${SKIP_INSTALL:-}" ] && command -v npm > /dev/null; then
  say "== installing textlint and textlint-rule-prh into bench/node_modules (once)"
  npm ci --prefix "$ROOT/bench" --no-audit --no-fund --silent >&2
fi
PROSELINT=$TOOLS/proselint-venv/bin/proselint
if [ ! -x "$PROSELINT" ] && [ -z "${SKIP_INSTALL:-}" ]; then
  say "== installing proselint into $TOOLS/proselint-venv (once)"
  python3 -m venv "$TOOLS/proselint-venv" >&2
  "$TOOLS/proselint-venv/bin/pip" install --quiet proselint==0.16.0 >&2
fi

# ---------------------------------------------------------------- inputs
say "== preparing inputs in $OUT"
find "$CORPUS" -type f -name '*.md' | LC_ALL=C sort > "$OUT/files.txt"
bytes_of_list() { tr '\n' '\0' < "$1" | xargs -0 cat | wc -c; }
CORPUS_BYTES=$(bytes_of_list "$OUT/files.txt")

# A subset of about SUBSET_BYTES for the slow tools: every k-th file.
subset() { # NAME BYTES
  local name=$1 want=$2 step
  step=$(( CORPUS_BYTES / want )); [ "$step" -ge 1 ] || step=1
  awk -v s="$step" 'NR % s == 1 || s == 1' "$OUT/files.txt" > "$OUT/$name.txt"
}
subset subset-1mb 1000000
subset subset-256kb 256000
SUB1_BYTES=$(bytes_of_list "$OUT/subset-1mb.txt")
SUB256_BYTES=$(bytes_of_list "$OUT/subset-256kb.txt")

# The corpus four times (hard links where the file system allows, else copies).
if [ ! -f "$OUT/corpus4/.done" ] || [ "$(cat "$OUT/corpus4/.done")" != "$CORPUS" ]; then
  rm -rf "$OUT/corpus4"; mkdir -p "$OUT/corpus4"
  for i in 1 2 3 4; do cp -rl "$CORPUS" "$OUT/corpus4/$i" 2> /dev/null || cp -r "$CORPUS" "$OUT/corpus4/$i"; done
  echo "$CORPUS" > "$OUT/corpus4/.done"
fi
find "$OUT/corpus4" -type f -name '*.md' | LC_ALL=C sort > "$OUT/files4.txt"
CORPUS4_BYTES=$(bytes_of_list "$OUT/files4.txt")

# Generated text (our own sentences, no corpus text).
mkdir -p "$OUT/gen"
python3 - "$OUT/gen" "$OUT/spellings.txt" << 'PY'
import os, sys
out, terms_file = sys.argv[1], sys.argv[2]
sentences = [
    "Revenue grew by twelve percent and the board approved the dividend.",
    "Our customers told us the new ordering process saves them an hour a week.",
    "Costs fell because we closed two warehouses and renegotiated the leases.",
    "The CEO thanked the staff in every region for a difficult but good year.",
    "今年收入增长了百分之十二，董事会批准了分红方案。",
    "客户反馈新的下单流程每周能节省一个小时。",
    "Next spring we will open a shop in the city centre and hire twenty people.",
    "We will migrate the ERP to a SaaS platform hosted in the IDC next year.",
]
def write(name, size, make):
    path = os.path.join(out, name)
    if os.path.exists(path) and os.path.getsize(path) >= size:
        return
    with open(path, "w", encoding="utf-8") as f:
        written, i = 0, 0
        while written < size:
            chunk = make(i)
            f.write(chunk)
            written += len(chunk.encode("utf-8"))
            i += 1
# Ordinary Markdown: headings, paragraphs, a list, a code block; about one
# finding per 500 bytes, as in real documentation.
def ordinary(i):
    s = sentences
    return (f"## Part {i}\n\n{s[i % 7]} {s[(i + 1) % 7]}\n{s[(i + 2) % 7]} {s[(i + 3) % 7]}\n\n"
            f"- {s[(i + 4) % 7]}\n- {s[(i + 5) % 7]}\n\n```\nrun --fast {i}\n```\n\n"
            + (s[7] + "\n\n" if i % 2 == 0 else ""))
write("ordinary.md", 20_000_000, ordinary)
# The same at the size of the dense file, so that both pay start-up once
# over the same number of bytes when they are compared per byte.
write("ordinary-2mb.md", 2_000_000, ordinary)
# One line of 100 MB: the same sentences, never a line break.
write("one-line.md", 100_000_000, lambda i: sentences[i % 8] + " ")
# A million short lines.
write("million-lines.md", 1, lambda i: "".join(f"Line {n} is short.\n" for n in range(1_000_000)) if i == 0 else "")
# Dense: every word a dictionary term (single-word terms as the dictionary spells them).
terms = [t for t in open(terms_file, encoding="utf-8").read().split("\n") if t and " " not in t and t.isascii() and t.isalpha()]
write("dense.md", 2_000_000, lambda i: " ".join(terms[(i * 16 + k) % len(terms)] for k in range(16)) + "\n")
# A glossary: every line defines an acronym and uses one defined before, so
# every hit is checked against tens of thousands of definitions.
glossary = [("Enterprise Resource Planning", "ERP"), ("Customer Relationship Management", "CRM"),
            ("Service Level Agreement", "SLA"), ("Key Performance Indicator", "KPI")]
write("definitions.md", 2_000_000,
      lambda i: f"{glossary[i % 4][0]} ({glossary[i % 4][1]}) now feeds the {glossary[(i + 3) % 4][1]} report.\n")
# Suppression comments: every paragraph disables its own term, or the next
# line, so every finding is checked against tens of thousands of comments.
write("suppressions.md", 2_000_000,
      lambda i: f"<!-- dejargon-disable TERM{i} -->\nThe ERP and the CRM {i}.\n\n" if i % 2
      else f"<!-- dejargon-disable-next-line -->\nThe ERP and the IDC {i}.\n\n")
# 5 KB, the size of a typical commit's Markdown file.
write("small.md", 5_000, ordinary)
PY
with_size() { wc -c < "$1"; }
# small.md is cut to exactly 5,000 bytes at a line end.
head -c 5000 "$OUT/gen/small.md" | sed '$d' > "$OUT/gen/small5k.md"

# ---------------------------------------------------------------- measuring
ROWS=$OUT/rows.tsv
SPEC=$OUT/spec.tsv
: > "$SPEC"

# job GROUP NAME BYTES RUNS CMD... : adds a command to time (RUNS "-" for
# $RUNS). bench/interleave.py runs the commands of a group in interleaved
# rounds, so that the ones compared with each other see the same machine,
# and reports each one's median wall time and peak RSS.
job() {
  local group=$1 name=$2 bytes=$3 runs=$4; shift 4
  printf '%s\t%s\t%s\t%s\t%s\n' "$group" "$name" "$bytes" "$runs" \
    "$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@")" >> "$SPEC"
}

job corpus "dejargon check --format json (all cores)" "$CORPUS_BYTES" - "$DJ" check --format json "$CORPUS"
job corpus "dejargon check --format json --threads 1" "$CORPUS_BYTES" - "$DJ" check --format json --threads 1 --files-from "$OUT/files.txt"
job corpus "raw_scan (bare aho-corasick, 1 thread)" "$CORPUS_BYTES" - "$RAW" "$OUT/terms.txt" --files-from "$OUT/files.txt"
if [ -x "$TYPOS" ]; then
  # The directory, not --file-list: typos 1.52 is ten times slower and holds
  # gigabytes with a list of this size.
  job corpus "typos --format brief (all cores)" "$CORPUS_BYTES" - "$TYPOS" --format brief "$CORPUS"
fi
job memory "dejargon, corpus x1 (all cores, memory)" "$CORPUS_BYTES" - "$DJ" check --format json "$CORPUS"
job memory "dejargon, corpus x4 (all cores)" "$CORPUS4_BYTES" - "$DJ" check --format json "$OUT/corpus4"
job memory "dejargon, corpus x1, --threads 1 (memory)" "$CORPUS_BYTES" - "$DJ" check --format json --threads 1 "$CORPUS"
job memory "dejargon, corpus x4, --threads 1" "$CORPUS4_BYTES" - "$DJ" check --format json --threads 1 "$OUT/corpus4"
job peers "dejargon, 1 MB subset" "$SUB1_BYTES" - "$DJ" check --format json --files-from "$OUT/subset-1mb.txt"
if [ -x "$TEXTLINT" ]; then
  printf '{ "rules": { "prh": { "rulePaths": ["%s"] } } }\n' "$OUT/prh.yml" > "$OUT/textlintrc.json"
  mapfile -t SUB1 < "$OUT/subset-1mb.txt"
  job peers "textlint + prh, 1 MB subset" "$SUB1_BYTES" 1 "$TEXTLINT" --no-color --config "$OUT/textlintrc.json" --format compact "${SUB1[@]}"
fi
if [ -x "$PROSELINT" ]; then
  mapfile -t SUB256 < "$OUT/subset-256kb.txt"
  job peers "proselint, 256 KB subset" "$SUB256_BYTES" 1 "$PROSELINT" check "${SUB256[@]}"
fi
G=$OUT/gen
job long "dejargon, ordinary text (20 MB)" "$(with_size "$G/ordinary.md")" - "$DJ" check --format json "$G/ordinary.md"
job long "dejargon, one 100 MB line" "$(with_size "$G/one-line.md")" - "$DJ" check --format json "$G/one-line.md"
job long "dejargon, 1 million short lines" "$(with_size "$G/million-lines.md")" - "$DJ" check --format json "$G/million-lines.md"
job dense "dejargon, ordinary text (2 MB)" "$(with_size "$G/ordinary-2mb.md")" - "$DJ" check --format json "$G/ordinary-2mb.md"
job dense "dejargon, ordinary (2 MB), output off" "$(with_size "$G/ordinary-2mb.md")" - "$DJ" check --format json --max-findings 0 "$G/ordinary-2mb.md"
job dense "dejargon, dense: every word a term" "$(with_size "$G/dense.md")" - "$DJ" check --format json "$G/dense.md"
job dense "dejargon, dense, output off" "$(with_size "$G/dense.md")" - "$DJ" check --format json --max-findings 0 "$G/dense.md"
job dense "dejargon, definitions: a glossary" "$(with_size "$G/definitions.md")" - "$DJ" check --format json "$G/definitions.md"
job dense "dejargon, suppression comments" "$(with_size "$G/suppressions.md")" - "$DJ" check --format json "$G/suppressions.md"
# A 14 ms process: more runs, or the median is noise.
SMALL_RUNS=$(( RUNS < 20 ? 20 : RUNS ))
job small "dejargon, one 5 KB file" "$(with_size "$G/small5k.md")" "$SMALL_RUNS" "$DJ" check "$G/small5k.md"
if [ -x "$TYPOS" ]; then
  job small "typos, one 5 KB file" "$(with_size "$G/small5k.md")" "$SMALL_RUNS" "$TYPOS" "$G/small5k.md"
fi

say "== measuring ($RUNS interleaved rounds per group; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg))"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$ROOT/bench/interleave.py" "$RUNS" "$SPEC" "$ROWS"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- report
python3 - "$ROWS" "$PATTERNS" "$(nproc)" "$LOAD_BEFORE" "$LOAD_AFTER" << 'PY'
import sys
rows_file, patterns, cores, load_before, load_after = sys.argv[1:6]
rows = {}
order = []
for line in open(rows_file, encoding="utf-8"):
    name, size, wall, sd, rss = line.rstrip("\n").split("\t")
    rows[name] = dict(bytes=int(size), wall=float(wall), sd=float(sd), rss=int(rss or 0))
    order.append(name)
print(f"\nmachine: {cores} cores; load average before {load_before}, after {load_after}; {patterns} patterns\n")
print(f"| {'run':<42} | {'MB':>8} | {'median wall s':>14} | {'MB/s':>8} | {'peak RSS MB':>11} |")
print(f"|{'-'*44}|{'-'*10}|{'-'*16}|{'-'*10}|{'-'*13}|")
for name in order:
    r = rows[name]
    mb = r["bytes"] / 1e6
    print(f"| {name:<42} | {mb:>8.2f} | {r['wall']:>7.3f} ± {r['sd']:<5.3f}| {mb / r['wall']:>8.1f} | {r['rss'] / 1024:>11.1f} |")

def get(name):
    return rows.get(name)
def mbps(name):
    r = rows[name]
    return r["bytes"] / 1e6 / r["wall"]
checks = []
def target(label, value, limit, ok):
    checks.append((label, value, limit, "yes" if ok else "NO"))
dj, dj1, raw = get("dejargon check --format json (all cores)"), get("dejargon check --format json --threads 1"), get("raw_scan (bare aho-corasick, 1 thread)")
ty = get("typos --format brief (all cores)")
if ty:
    v = dj["wall"] / ty["wall"]
    target("corpus wall, dejargon / typos", f"{v:.2f}x", "<= 0.50x", v <= 0.5)
v = dj1["wall"] / raw["wall"]
target("corpus wall, dejargon -j1 / raw_scan", f"{v:.2f}x", "<= 2.00x", v <= 2.0)
tl = get("textlint + prh, 1 MB subset")
if tl:
    v = mbps("dejargon check --format json (all cores)") / mbps("textlint + prh, 1 MB subset")
    target("throughput, dejargon / textlint+prh", f"{v:.0f}x", ">= 300x", v >= 300)
    v = tl["wall"] / get("dejargon, 1 MB subset")["wall"]
    target("  same 1 MB files, wall textlint+prh / dejargon", f"{v:.0f}x", "(info)", True)
pl = get("proselint, 256 KB subset")
if pl:
    v = mbps("dejargon check --format json (all cores)") / mbps("proselint, 256 KB subset")
    target("throughput, dejargon / proselint", f"{v:.0f}x", "(info)", True)
small = get("dejargon, one 5 KB file")
target("one 5 KB file, wall", f"{small['wall'] * 1000:.1f} ms", "<= 15 ms", small["wall"] <= 0.015)
tys = get("typos, one 5 KB file")
if tys:
    v = small["wall"] / tys["wall"]
    target("one 5 KB file, dejargon / typos", f"{v:.2f}x", "<= 2.00x", v <= 2.0)
# Peak RSS of the whole corpus, and of four copies, measured in one group.
# Memory that grew with the input would be about 4x on four copies; the
# all-cores peak moves by a megabyte or two with which files share a batch
# and how glibc's per-thread arenas fill, so "not growing" allows 1.25x.
c1 = get("dejargon, corpus x1 (all cores, memory)")["rss"] / 1024
c4 = get("dejargon, corpus x4 (all cores)")["rss"] / 1024
target("peak RSS, corpus", f"{c1:.0f} MB", "<= 100 MB", c1 <= 100)
target("peak RSS, corpus x4 / corpus", f"{c4:.1f} / {c1:.1f} MB", "not growing (<= 1.25x)", c4 <= 100 and c4 / c1 <= 1.25)
s1 = get("dejargon, corpus x1, --threads 1 (memory)")["rss"] / 1024
s4 = get("dejargon, corpus x4, --threads 1")["rss"] / 1024
target("peak RSS, x4 / x1, --threads 1", f"{s4:.1f} / {s1:.1f} MB", "not growing (<= 1.25x)", s4 / s1 <= 1.25)
# Each pathological input against ordinary text of a similar size (start-up
# is paid once per run, so a per-byte comparison needs similar sizes).
for name, base_name in [
    ("dejargon, one 100 MB line", "dejargon, ordinary text (20 MB)"),
    ("dejargon, 1 million short lines", "dejargon, ordinary text (20 MB)"),
    ("dejargon, dense: every word a term", "dejargon, ordinary text (2 MB)"),
    ("dejargon, dense, output off", "dejargon, ordinary (2 MB), output off"),
    ("dejargon, definitions: a glossary", "dejargon, ordinary text (2 MB)"),
    ("dejargon, suppression comments", "dejargon, ordinary text (2 MB)"),
]:
    v = mbps(base_name) / mbps(name)
    target(f"per byte vs ordinary: {name[10:]}", f"{v:.2f}x slower", "<= 3.00x", v <= 3.0)
print(f"\n| {'target':<48} | {'measured':>12} | {'limit':<22} | met |")
print(f"|{'-'*50}|{'-'*14}|{'-'*24}|-----|")
for label, value, limit, ok in checks:
    print(f"| {label:<48} | {value:>12} | {limit:<22} | {ok:<3} |")
PY
